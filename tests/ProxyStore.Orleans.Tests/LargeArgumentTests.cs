using ProxyStore.Orleans.Tests.Grains;
using ProxyStore.Orleans.Tests.Support;

namespace ProxyStore.Orleans.Tests;

/// <summary>An argument over Orleans' message limit (MaxMessageBodySize, 100 MB by default).</summary>
[Collection(ClusterCollection.Name)]
public sealed class LargeArgumentTests(ClusterFixture fixture)
{
    private const int Size = 200 * 1024 * 1024;

    [Fact]
    public async Task A_200_MB_argument_fails_by_value_and_succeeds_through_a_proxy_leaving_no_keys()
    {
        byte[] data = new byte[Size];
        Random.Shared.NextBytes(data);
        long expected = DataGrain.SumOf(data);
        IDataGrain grain = fixture.Cluster.Client.GetGrain<IDataGrain>(20);


        // Through an interface parameter, the filter puts it in Redis and sends its reference.
        Assert.Equal(expected, await grain.Sum(data));
        Assert.Empty(fixture.Keys());

        // By value (an array parameter, which the policy cannot proxy), the client refuses to send
        // the message and logs why; the call is never answered, so it times out.
        await Assert.ThrowsAsync<TimeoutException>(() => grain.SumArray(data));
        Assert.True(await RefusalLoggedAsync(), "The client never logged that the message exceeds MaxMessageBodySize.");

        // The client keeps retrying the refused message in the background, dropping its
        // connections each time; a message of another test sent meanwhile is rejected with
        // "Retry count exceeded" or never answered. The shared cluster gets a new client.
        await fixture.ReplaceClientAsync();
    }

    // On a busy machine the call can time out before the client has even finished serializing the message it then refuses.
    private static async Task<bool> RefusalLoggedAsync()
    {
        for (int attempt = 0; attempt < 240; attempt++)
        {
            if (ClusterFixture.ClientLog.Warnings.Any(w => w.Message.Contains("MaxMessageBodySize", StringComparison.Ordinal)))
            {
                return true;
            }

            await Task.Delay(500);
        }

        return false;
    }
}

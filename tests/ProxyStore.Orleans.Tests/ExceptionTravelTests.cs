using ProxyStore.Orleans.Tests.Grains;
using ProxyStore.Orleans.Tests.Support;

namespace ProxyStore.Orleans.Tests;

/// <summary>
/// A callee whose proxy cannot be resolved fails the call with ProxyStore's own exception: the
/// caller, on the other side of the wire, gets its type, message, key and store.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ExceptionTravelTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Cluster.Client;

    [Fact]
    public async Task An_argument_proxy_whose_key_was_evicted_fails_the_call_with_ProxyResolveException_naming_key_and_store()
    {
        IReadOnlyList<byte> proxy = fixture.Store.Proxy<IReadOnlyList<byte>>(CodecTests.Bytes(1000));
        StoreKey key = Proxies.GetKey(proxy);
        fixture.Store.Evict(key);

        ProxyResolveException e = await Assert.ThrowsAsync<ProxyResolveException>(() => _grains.GetGrain<IDataGrain>(30).Sum(proxy));

        Assert.Contains($"'{key}'", e.Message, StringComparison.Ordinal);
        Assert.Contains($"'{fixture.Store.Name}'", e.Message, StringComparison.Ordinal);
        Assert.Equal(key, e.Key);
        Assert.Equal(fixture.Store.Name, e.StoreName);
    }

    [Fact]
    public async Task A_result_proxy_whose_key_was_evicted_fails_the_grain_that_uses_it_and_its_caller_gets_ProxyResolveException()
    {
        ProxyResolveException e = await Assert.ThrowsAsync<ProxyResolveException>(
            () => _grains.GetGrain<IDataGrain>(31).SumOfEvictedResult(ClusterFixture.Threshold + 1));

        Assert.Contains("it was evicted", e.Message, StringComparison.Ordinal);
        Assert.Contains($"'{e.Key}'", e.Message, StringComparison.Ordinal);
        Assert.Contains($"'{fixture.Store.Name}'", e.Message, StringComparison.Ordinal);
        Assert.Equal(fixture.Store.Name, e.StoreName);
        Assert.Empty(fixture.Keys());
    }
}

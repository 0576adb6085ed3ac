using Orleans.TestingHost;
using ProxyStore.Orleans.Tests.Grains;
using ProxyStore.Orleans.Tests.Support;

namespace ProxyStore.Orleans.Tests;

/// <summary>A silo that dies while it runs a call whose argument went by proxy.</summary>
[Collection(SiloFailureCollection.Name)]
public sealed class SiloFailureTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_silo_killed_mid_call_fails_the_call_with_an_error_naming_grain_and_method_and_leaves_no_keys()
    {
        // A third silo joins for this test only, so the cluster's two stay up.
        SiloHandle doomed = await fixture.Cluster.StartAdditionalSiloAsync();
        await fixture.Cluster.WaitForLivenessToStabilizeAsync();
        IDataGrain grain = await GrainOn(doomed);
        Blocking.Reset();

        Task<long> call = grain.Hang(CodecTests.Bytes(ClusterFixture.Threshold + 1));
        string key = await Blocking.Entered.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Contains(fixture.Keys(), k => k.EndsWith(key, StringComparison.Ordinal));

        await fixture.Cluster.KillSiloAsync(doomed);

        Exception error = await Assert.ThrowsAnyAsync<Exception>(() => call);
        // Orleans' own error, not hidden by ProxyStore: it names the method and the grain.
        Assert.True(error is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException, $"{error.GetType().Name}: {error.Message}");
        Assert.True(error.Message.Contains(grain.GetGrainId().ToString(), StringComparison.OrdinalIgnoreCase), error.Message);
        Assert.True(error.Message.Contains(nameof(IDataGrain.Hang), StringComparison.Ordinal), error.Message);
        Assert.Empty(fixture.Keys());
    }

    // Placement is random: activate grains until one lands on the silo.
    private async Task<IDataGrain> GrainOn(SiloHandle silo)
    {
        for (long id = 1_000; id < 1_200; id++)
        {
            IDataGrain grain = fixture.Cluster.Client.GetGrain<IDataGrain>(id);
            if (await grain.Silo() == silo.SiloAddress.ToString())
            {
                return grain;
            }
        }

        throw new InvalidOperationException($"No grain of 200 was placed on {silo.SiloAddress}.");
    }
}

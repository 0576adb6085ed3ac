using ProxyStore.Orleans.Tests.Grains;
using ProxyStore.Orleans.Tests.Support;

namespace ProxyStore.Orleans.Tests;

/// <summary><see cref="NonProxiableParameters.Throw"/>: a call the policy cannot carry fails before anything is stored or sent.</summary>
[Collection(ThrowingClusterCollection.Name)]
public sealed class NonProxiableThrowTests(ThrowingClusterFixture fixture)
{
    [Fact]
    public async Task A_call_whose_later_selected_parameter_cannot_be_proxied_fails_before_an_earlier_one_is_stored()
    {
        // Both are larger than the threshold, so the policy selects both; only the first can be a proxy.
        double[] values = [.. Enumerable.Range(0, 20_000).Select(i => i * 0.5)];
        Dictionary<string, string> labels = Enumerable.Range(0, 2_000).ToDictionary(i => $"label-{i}", i => new string('x', 40));
        long putsBefore = Puts();

        NonProxiableTypeException e = await Assert.ThrowsAsync<NonProxiableTypeException>(
            () => fixture.Cluster.Client.GetGrain<IDataGrain>(40).Mixed(values, labels));

        Assert.Contains("parameter 'labels'", e.Message, StringComparison.Ordinal);
        Assert.Equal(typeof(Dictionary<string, string>), e.ProxiedType);
        Assert.Equal(putsBefore, Puts());
        Assert.Empty(fixture.Keys());
    }

    [Fact]
    public async Task A_call_whose_selected_parameters_can_all_be_proxied_goes_through()
    {
        double[] values = [.. Enumerable.Range(0, 20_000).Select(i => i * 0.5)];

        Assert.Equal(values.Sum() + 1, await fixture.Cluster.Client.GetGrain<IDataGrain>(41).Mixed(values, new() { ["a"] = "b" }));
        Assert.Empty(fixture.Keys());
    }

    private long Puts() => fixture.Store.Metrics!.AggregateTimes().TryGetValue(MetricNames.Put, out TimeStats? puts) ? puts.Count : 0;
}

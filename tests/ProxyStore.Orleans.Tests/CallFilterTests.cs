using Microsoft.Extensions.Logging;
using ProxyStore.Orleans.Tests.Grains;
using ProxyStore.Orleans.Tests.Support;

namespace ProxyStore.Orleans.Tests;

/// <summary>The StoreExecutor filters: large arguments and results go by proxy, small ones by value, and nothing stays in the store.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CallFilterTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Cluster.Client;

    [Fact]
    public async Task A_large_argument_goes_as_a_proxy_that_the_callee_never_reads_if_it_does_not_use_it()
    {
        Arrival arrival = await _grains.GetGrain<IDataGrain>(10).Inspect(CodecTests.Bytes(ClusterFixture.Threshold + 1));

        Assert.True(arrival.IsProxy);
        Assert.False(arrival.IsResolved);
        Metrics metrics = MetricsOf(arrival.Key!);
        Assert.Contains(MetricNames.Put, metrics.Times.Keys);
        Assert.Contains(MetricNames.Evict, metrics.Times.Keys);
        Assert.DoesNotContain(MetricNames.Get, metrics.Times.Keys);
        Assert.DoesNotContain(MetricNames.FactoryResolve, metrics.Times.Keys);
        Assert.Empty(fixture.Keys());
    }

    [Fact]
    public async Task A_small_argument_goes_by_value()
    {
        Arrival arrival = await _grains.GetGrain<IDataGrain>(11).Inspect(CodecTests.Bytes(ClusterFixture.Threshold));

        Assert.Equal(new Arrival(false, true, null), arrival);
    }

    [Fact]
    public async Task A_large_argument_the_callee_uses_is_read_once_and_evicted_when_the_call_completes()
    {
        byte[] data = CodecTests.Bytes(300_000);

        long sum = await _grains.GetGrain<IDataGrain>(12).Sum(data);

        Assert.Equal(data.Sum(b => (long)b), sum);
        Assert.Empty(fixture.Keys());
    }

    [Fact]
    public async Task A_large_result_comes_back_as_a_proxy_that_evicts_when_resolved()
    {
        IReadOnlyList<byte> result = await _grains.GetGrain<IDataGrain>(13).Make(200_000);

        Assert.True(Proxies.IsProxy(result));
        Assert.False(Proxies.IsResolved(result));
        Assert.Single(fixture.Keys());
        Assert.Equal(200_000, result.Count);
        Assert.Equal(unchecked((byte)199_999), result[199_999]);
        Assert.Empty(fixture.Keys());
    }

    [Fact]
    public async Task A_small_result_comes_back_by_value()
    {
        IReadOnlyList<byte> result = await _grains.GetGrain<IDataGrain>(14).Make(100);

        Assert.False(Proxies.IsProxy(result));
        Assert.Equal(100, result.Count);
    }

    [Fact]
    public async Task A_large_value_of_a_parameter_that_cannot_be_proxied_goes_by_value_with_a_warning_naming_the_parameter()
    {
        byte[] data = CodecTests.Bytes(ClusterFixture.Threshold + 10);
        // The client's log is shared: LargeArgumentTests's by-value call logs the same warning.
        int before = ClusterFixture.ClientLog.Warnings.Count(w => w.Id.Id == 1701);

        long sum = await _grains.GetGrain<IDataGrain>(15).SumArray(data);

        Assert.Equal(data.Sum(b => (long)b), sum);
        (EventId id, string message) = Assert.Single(ClusterFixture.ClientLog.Warnings.Where(w => w.Id.Id == 1701).Skip(before));
        Assert.Equal("ProxyStore.Orleans.NotProxiable", id.Name);
        Assert.Contains("parameter 'data'", message);
        Assert.Contains($"{typeof(IDataGrain).FullName}.{nameof(IDataGrain.SumArray)}", message);
        Assert.Contains("System.Byte[]", message);
        Assert.Empty(fixture.Keys());
    }

    [Fact]
    public async Task A_stored_argument_of_a_parameter_that_is_not_Immutable_is_reported_once_as_copied_by_Orleans()
    {
        byte[] data = CodecTests.Bytes(ClusterFixture.Threshold + 10);

        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(data.Sum(b => (long)b), await _grains.GetGrain<IDataGrain>(16).SumCopied(data));
            Assert.Equal(data.Sum(b => (long)b), await _grains.GetGrain<IDataGrain>(16).SumImmutable(data));
        }

        string[] copied = [.. ClusterFixture.ClientLog.Information.Where(e => e.Id.Id == 1703).Select(e => e.Message)];
        string message = Assert.Single(copied, m => m.Contains($"{typeof(IDataGrain).FullName}.{nameof(IDataGrain.SumCopied)} ", StringComparison.Ordinal));
        Assert.Contains("argument 'data'", message, StringComparison.Ordinal);
        Assert.Contains("[Immutable]", message, StringComparison.Ordinal);
        Assert.DoesNotContain(copied, m => m.Contains(nameof(IDataGrain.SumImmutable), StringComparison.Ordinal));
        Assert.Equal("ProxyStore.Orleans.ArgumentCopied", ClusterFixture.ClientLog.Information.First(e => e.Id.Id == 1703).Id.Name);
    }

    private Metrics MetricsOf(string key) =>
        Assert.Single(fixture.Store.Metrics!.Export().Entries, e => !e.IsBatch && e.Keys[0].ToString() == key).Metrics;
}

using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Proxying;

/// <summary>
/// Issue 13, item 10: the times of one resolution are milliseconds. With a connector whose
/// gets take at least 50 ms, each time that encloses the get is at least 50 and far below
/// 10,000: a nanosecond or microsecond slip would be off by a factor of 1000 or more. The
/// only timing assertions of the suite; the upper bound leaves a loaded machine 200 times
/// the delay.
/// </summary>
public sealed class MetricUnitsTests
{
    private static readonly string[] EnclosingTheGet =
    [
        MetricNames.Get,
        MetricNames.GetConnector,
        MetricNames.FactoryResolve,
        MetricNames.FactoryCall,
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Times_of_one_resolution_are_milliseconds(bool resolveAsync)
    {
        using var fixture = new ProxyTestStore(connector: new SlowConnector());
        IDataset proxy = fixture.Store.Proxy<IDataset>(ProxyTestStore.SampleData());

        if (resolveAsync)
        {
            await Proxies.ResolveAsync(proxy);
        }

        Assert.Equal(15, proxy.Sum());

        Metrics metrics = fixture.Store.Metrics!.GetMetrics(proxy)!;
        double delayMs = SlowConnector.GetDelay.TotalMilliseconds;
        foreach (string name in EnclosingTheGet)
        {
            TimeStats time = metrics.Times[name];
            Assert.Equal(1, time.Count);
            Assert.True(time.LastTimeMs >= delayMs, $"{name} took {time.LastTimeMs} ms, less than the connector's {delayMs} ms delay.");
            Assert.True(time.LastTimeMs < 10_000, $"{name} took {time.LastTimeMs} ms: not milliseconds?");
        }

        double call = metrics.Times[MetricNames.FactoryCall].LastTimeMs;
        double resolve = metrics.Times[MetricNames.FactoryResolve].LastTimeMs;
        double get = metrics.Times[MetricNames.Get].LastTimeMs;
        Assert.True(call >= resolve, $"factory.call {call} ms < factory.resolve {resolve} ms");
        Assert.True(resolve >= get, $"factory.resolve {resolve} ms < store.get {get} ms");
    }
}

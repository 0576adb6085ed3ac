using ProxyStore.Connectors;

namespace ProxyStore.Tests.Proxying;

// The guide's "Metrics with Proxies" section and its registration warning, plus the
// proxy parts of ProxyStore's tests/store/store_metrics_test.py.
public sealed class ProxyMetricsTests
{
    private static readonly string[] GuideProxyTimes =
    [
        "factory.call", "factory.resolve", "store.get", "store.get.connector", "store.get.deserialize",
        "store.proxy", "store.put", "store.put.connector", "store.put.serialize",
    ];

    [Fact]
    public void Resolving_a_proxy_records_the_guides_nine_times_in_order()
    {
        using var fixture = new ProxyTestStore();
        IList<int> proxy = fixture.Store.Proxy<IList<int>>(new List<int> { 0, 1, 2 });

        Assert.Equal(0, proxy[0]);

        Metrics metrics = fixture.Store.Metrics!.GetMetrics(proxy)!;
        Assert.Equal(GuideProxyTimes, metrics.Times.Keys.Order(StringComparer.Ordinal));
        Assert.All(metrics.Times.Values, t => Assert.Equal(1, t.Count));
        double call = metrics.Times["factory.call"].AvgTimeMs;
        double resolve = metrics.Times["factory.resolve"].AvgTimeMs;
        double get = metrics.Times["store.get"].AvgTimeMs;
        Assert.True(call >= resolve, $"factory.call {call} < factory.resolve {resolve}");
        Assert.True(resolve >= get, $"factory.resolve {resolve} < store.get {get}");
        Assert.True(metrics.Times["store.proxy"].AvgTimeMs >= metrics.Times["store.put"].AvgTimeMs);
    }

    [Fact]
    public void Proxy_batch_records_under_the_batch_of_its_keys()
    {
        using var fixture = new ProxyTestStore();
        IReadOnlyList<IDataset> proxies = fixture.Store.ProxyBatch<IDataset>([ProxyTestStore.SampleData("x"), ProxyTestStore.SampleData("y")]);

        Metrics metrics = fixture.Store.Metrics!.GetMetrics(proxies)!;

        Assert.Equal(
            ["store.proxy_batch", "store.put_batch", "store.put_batch.connector", "store.put_batch.serialize"],
            metrics.Times.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(metrics.Times, fixture.Store.Metrics.GetMetrics(proxies.Select(Proxies.GetKey))!.Times);
        Assert.Null(fixture.Store.Metrics.GetMetrics(proxies[0]));
    }

    [Fact]
    public void An_unregistered_store_fragments_resolution_metrics_into_a_second_instance()
    {
        using var fixture = new ProxyTestStore(register: false);
        Store store = fixture.Store;
        IDataset proxy = store.Proxy<IDataset>(ProxyTestStore.SampleData());
        Assert.Null(StoreRegistry.Get(store.Name));

        Assert.Equal(15, proxy.Sum());

        // The producer's instance saw the put and proxy, but not the resolution.
        Metrics local = store.Metrics!.GetMetrics(proxy)!;
        Assert.Equal(["store.proxy", "store.put", "store.put.connector", "store.put.serialize"], local.Times.Keys.Order(StringComparer.Ordinal));

        // The factory registered a second instance from the config; the resolution is there.
        Store second = StoreRegistry.Get(store.Name)!;
        Assert.NotSame(store, second);
        Metrics fragment = second.Metrics!.GetMetrics(proxy)!;
        Assert.Equal(
            ["factory.call", "factory.resolve", "store.get", "store.get.connector", "store.get.deserialize"],
            fragment.Times.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_registered_store_keeps_every_metric_of_its_proxies()
    {
        using var fixture = new ProxyTestStore();
        IDataset proxy = fixture.Store.Proxy<IDataset>(ProxyTestStore.SampleData());

        proxy.Sum();

        Assert.Same(fixture.Store, StoreRegistry.Get(fixture.Store.Name));
        Assert.Equal(9, fixture.Store.Metrics!.GetMetrics(proxy)!.Times.Count);
    }

    [Fact]
    public void Sixteen_threads_racing_on_first_use_resolve_once()
    {
        string directory = Path.Combine(Path.GetTempPath(), "proxystore-race-" + Guid.NewGuid().ToString("N"));
        using var fixture = new ProxyTestStore(connector: new FileConnector(directory));
        IDataset proxy = fixture.Store.Proxy<IDataset>(ProxyTestStore.SampleData());
        using var start = new Barrier(16);

        int[] sums = new int[16];
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i =>
        {
            start.SignalAndWait();
            sums[i] = proxy.Sum();
        });

        Assert.All(sums, s => Assert.Equal(15, s));
        Metrics metrics = fixture.Store.Metrics!.GetMetrics(proxy)!;
        Assert.Equal(1, metrics.Times["factory.call"].Count);
        Assert.Equal(1, metrics.Times["factory.resolve"].Count);
        Assert.Equal(1, metrics.Counters[MetricNames.GetCacheMisses]);
        Assert.False(metrics.Counters.ContainsKey(MetricNames.GetCacheHits));
    }

    [Fact]
    public void Metrics_of_a_sequence_of_proxies_are_those_of_their_batch()
    {
        using var fixture = new ProxyTestStore();
        IReadOnlyList<StoreKey> keys = fixture.Store.PutBatch([ProxyTestStore.SampleData("p"), ProxyTestStore.SampleData("q")]);
        var proxies = keys.Select(k => fixture.Store.ProxyFromKey<IDataset>(k)).ToList();

        Assert.Equal(fixture.Store.Metrics!.GetMetrics(keys)!.Times.Keys, fixture.Store.Metrics.GetMetrics(proxies)!.Times.Keys);
    }
}

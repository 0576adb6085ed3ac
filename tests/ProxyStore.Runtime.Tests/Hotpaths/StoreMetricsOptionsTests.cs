using ProxyStore.Connectors;

namespace ProxyStore.Tests.Hotpaths;

/// <summary>Bounding what a store's metrics keep (issue 19); the default keeps everything, as the guide says.</summary>
public sealed class StoreMetricsOptionsTests
{
    private static Store NewStore() =>
        new("metrics-options-" + Guid.NewGuid().ToString("N"), new LocalConnector(), cacheSize: 0, metrics: true);

    [Fact]
    public void By_default_an_evicted_key_keeps_its_metrics()
    {
        using Store store = NewStore();
        StoreKey key = store.Put("value");
        store.Evict(key);

        Assert.Same(StoreMetricsOptions.Default, store.Metrics!.Options);
        Assert.Equal(1, store.Metrics.GetMetrics(key)!.Times[MetricNames.Evict].Count);
    }

    [Fact]
    public void Drop_forgets_an_evicted_key_and_its_times()
    {
        using Store store = NewStore();
        store.Metrics!.Options = new StoreMetricsOptions { EvictedKeys = EvictedKeyMetrics.Drop };
        StoreKey kept = store.Put("kept");
        StoreKey evicted = store.Put("evicted");
        store.Evict(evicted);

        Assert.Null(store.Metrics.GetMetrics(evicted));
        Assert.NotNull(store.Metrics.GetMetrics(kept));
        Assert.Equal(1, store.Metrics.AggregateTimes()[MetricNames.Put].Count);
        Assert.False(store.Metrics.AggregateTimes().ContainsKey(MetricNames.Evict));
    }

    [Fact]
    public void Aggregate_folds_an_evicted_key_into_the_totals()
    {
        using Store store = NewStore();
        store.Metrics!.Options = new StoreMetricsOptions { EvictedKeys = EvictedKeyMetrics.Aggregate };
        StoreKey kept = store.Put("kept");
        for (int i = 0; i < 3; i++)
        {
            StoreKey key = store.Put("evicted");
            store.Get<string>(key);
            store.Evict(key);
            Assert.Null(store.Metrics.GetMetrics(key));
        }

        IReadOnlyDictionary<string, TimeStats> totals = store.Metrics.AggregateTimes();
        Assert.Equal(4, totals[MetricNames.Put].Count);
        Assert.Equal(3, totals[MetricNames.Get].Count);
        Assert.Equal(3, totals[MetricNames.Evict].Count);
        Assert.Equal(1, store.Metrics.GetMetrics(kept)!.Times[MetricNames.Put].Count);
    }

    [Theory]
    [InlineData(EvictedKeyMetrics.Drop)]
    [InlineData(EvictedKeyMetrics.Aggregate)]
    public async Task A_proxy_that_evicts_on_resolution_leaves_no_metrics_behind_once_its_call_is_recorded(EvictedKeyMetrics policy)
    {
        using Store store = NewStore();
        StoreRegistry.Register(store);
        try
        {
            store.Metrics!.Options = new StoreMetricsOptions { EvictedKeys = policy };
            var keys = new List<StoreKey>();
            for (int i = 0; i < 4; i++)
            {
                IList<int> proxy = store.Proxy<IList<int>>(new List<int> { i, 1 }, evict: true);
                keys.Add(Proxies.GetKey(proxy));
                if (i % 2 == 0)
                {
                    Assert.Equal(i + 1, proxy.Sum());
                }
                else
                {
                    await Proxies.ResolveAsync(proxy);
                    Assert.Equal(i, proxy[0]);
                }
            }

            // factory.resolve and factory.call come after the eviction; they must not bring the keys back.
            Assert.All(keys, key => Assert.Null(store.Metrics.GetMetrics(key)));
            IReadOnlyDictionary<string, TimeStats> totals = store.Metrics.AggregateTimes();
            if (policy == EvictedKeyMetrics.Aggregate)
            {
                Assert.Equal(4, totals[MetricNames.FactoryResolve].Count);
                Assert.Equal(4, totals[MetricNames.FactoryCall].Count);
                Assert.Equal(4, totals[MetricNames.Evict].Count);
            }
            else
            {
                Assert.Empty(totals);
            }
        }
        finally
        {
            StoreRegistry.Unregister(store.Name);
        }
    }

    [Fact]
    public void MaxKeys_keeps_the_newest_keys_and_folds_the_oldest()
    {
        var metrics = new StoreMetrics(new StoreMetricsOptions { MaxKeys = 3, EvictedKeys = EvictedKeyMetrics.Aggregate });
        StoreKey[] keys = Enumerable.Range(0, 5).Select(i => new StoreKey($"k{i}")).ToArray();
        foreach (StoreKey key in keys)
        {
            metrics.AddTime(MetricNames.Put, key, TimeSpan.FromMilliseconds(1));
            metrics.AddTime(MetricNames.Put, key, TimeSpan.FromMilliseconds(1));
        }

        Assert.Null(metrics.GetMetrics(keys[0]));
        Assert.Null(metrics.GetMetrics(keys[1]));
        Assert.All(keys[2..], k => Assert.Equal(2, metrics.GetMetrics(k)!.Times[MetricNames.Put].Count));
        Assert.Equal(10, metrics.AggregateTimes()[MetricNames.Put].Count);
        Assert.Equal(3, metrics.Export().Entries.Count);
    }

    [Fact]
    public void MaxKeys_with_Drop_forgets_the_oldest_keys_entirely()
    {
        var metrics = new StoreMetrics(new StoreMetricsOptions { MaxKeys = 2, EvictedKeys = EvictedKeyMetrics.Drop });
        for (int i = 0; i < 10; i++)
        {
            metrics.AddCounter("c", new StoreKey($"k{i}"));
        }

        Assert.Null(metrics.GetMetrics(new StoreKey("k7")));
        Assert.Equal(1, metrics.GetMetrics(new StoreKey("k9"))!.Counters["c"]);
        Assert.Equal(2, metrics.Export().Entries.Count);
    }

    [Fact]
    public void MaxKeys_holds_exactly_under_concurrent_puts_and_folds_every_time_it_forgets()
    {
        const int Threads = 4;
        const int PutsEach = 5_000;
        using Store store = NewStore();
        store.Metrics!.Options = new StoreMetricsOptions { MaxKeys = 8, EvictedKeys = EvictedKeyMetrics.Aggregate };
        using var start = new Barrier(Threads);

        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, _ =>
        {
            start.SignalAndWait();
            for (int i = 0; i < PutsEach; i++)
            {
                store.Put(i);
            }
        });

        Assert.Equal(8, store.Metrics.Export().Entries.Count);
        Assert.Equal(Threads * PutsEach, store.Metrics.AggregateTimes()[MetricNames.Put].Count);
    }

    [Fact]
    public void MaxKeys_set_after_keys_were_recorded_bounds_those_keys_too()
    {
        using Store store = NewStore();
        for (int i = 0; i < 10; i++)
        {
            store.Put(i);
        }

        store.Metrics!.Options = new StoreMetricsOptions { MaxKeys = 3 };
        StoreKey newest = store.Put("newest");

        Assert.Equal(3, store.Metrics.Export().Entries.Count);
        Assert.NotNull(store.Metrics.GetMetrics(newest));
    }

    [Fact]
    public void Bad_options_are_refused_with_the_name_of_the_option()
    {
        var zero = Assert.Throws<ArgumentOutOfRangeException>(() => new StoreMetricsOptions { MaxKeys = 0 });
        Assert.Contains("MaxKeys", zero.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => new StoreMetrics(null!));
        Assert.Throws<ArgumentNullException>(() => new StoreMetrics().Options = null!);
    }
}

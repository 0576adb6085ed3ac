using ProxyStore.Connectors;
using ProxyStore.Serialization;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests;

/// <summary>
/// Metrics a Store records: a port of ProxyStore's tests/store/store_metrics_test.py
/// without the proxy and future parts, plus the exists/evict names and snapshot immutability.
/// FileConnector, as in the Python test, because its operations take some time.
/// </summary>
public sealed class StoreMetricsTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Store _store;

    public StoreMetricsTests()
    {
        _store = new Store(UniqueNames.Store("metrics"), new FileConnector(_dir.Sub("store")), metrics: true, register: true);
    }

    private StoreMetrics Metrics => _store.Metrics!;

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void The_metric_names_are_the_guides()
    {
        Assert.Equal("store.put", MetricNames.Put);
        Assert.Equal("store.put.serialize", MetricNames.PutSerialize);
        Assert.Equal("store.put.connector", MetricNames.PutConnector);
        Assert.Equal("store.put.object_size", MetricNames.PutObjectSize);
        Assert.Equal("store.get", MetricNames.Get);
        Assert.Equal("store.get.connector", MetricNames.GetConnector);
        Assert.Equal("store.get.deserialize", MetricNames.GetDeserialize);
        Assert.Equal("store.get.object_size", MetricNames.GetObjectSize);
        Assert.Equal("store.get.cache_hits", MetricNames.GetCacheHits);
        Assert.Equal("store.get.cache_misses", MetricNames.GetCacheMisses);
        Assert.Equal("store.exists", MetricNames.Exists);
        Assert.Equal("store.exists.connector", MetricNames.ExistsConnector);
        Assert.Equal("store.evict", MetricNames.Evict);
        Assert.Equal("store.evict.connector", MetricNames.EvictConnector);
        Assert.Equal("store.put_batch", MetricNames.PutBatch);
        Assert.Equal("store.put_batch.serialize", MetricNames.PutBatchSerialize);
        Assert.Equal("store.put_batch.connector", MetricNames.PutBatchConnector);
        Assert.Equal("store.put_batch.object_sizes", MetricNames.PutBatchObjectSizes);
        Assert.Equal("store.proxy", MetricNames.Proxy);
        Assert.Equal("store.proxy_batch", MetricNames.ProxyBatch);
        Assert.Equal("factory.call", MetricNames.FactoryCall);
        Assert.Equal("factory.resolve", MetricNames.FactoryResolve);
    }

    [Fact]
    public void Single_key_operations()
    {
        const string value = "value";
        StoreKey key = _store.Put(value);
        Assert.True(_store.Exists(key));
        Assert.Equal(value, _store.Get<string>(key));
        Assert.Equal(value, _store.Get<string>(key));
        Assert.True(_store.Exists(key));
        _store.Evict(key);

        Metrics? metrics = Metrics.GetMetrics(key);

        Assert.NotNull(metrics);
        long size = StoredFrame.HeaderSize + DefaultSerializer.Instance.Serialize(value).Length;
        Assert.Equal(size, MetricsAssert.Size(metrics.Attributes["store.get.object_size"]));
        Assert.Equal(size, MetricsAssert.Size(metrics.Attributes["store.put.object_size"]));
        MetricsAssert.Counters(metrics.Counters, ("store.get.cache_hits", 1), ("store.get.cache_misses", 1));
        MetricsAssert.Names(
            [
                "store.exists", "store.exists.connector", "store.evict", "store.evict.connector",
                "store.get", "store.get.connector", "store.get.deserialize",
                "store.put", "store.put.connector", "store.put.serialize",
            ],
            metrics.Times.Keys);
        Assert.Equal(2, metrics.Times["store.exists"].Count);
        Assert.Equal(1, metrics.Times["store.exists.connector"].Count);
        Assert.Equal(1, metrics.Times["store.evict"].Count);
        Assert.Equal(1, metrics.Times["store.evict.connector"].Count);
        Assert.Equal(2, metrics.Times["store.get"].Count);
        Assert.Equal(1, metrics.Times["store.get.connector"].Count);
        Assert.Equal(1, metrics.Times["store.get.deserialize"].Count);
        Assert.Equal(1, metrics.Times["store.put"].Count);
        Assert.Equal(1, metrics.Times["store.put.connector"].Count);
        Assert.Equal(1, metrics.Times["store.put.serialize"].Count);
        Assert.All(metrics.Times.Values, MetricsAssert.Consistent);
    }

    [Fact]
    public void Multi_key_operations()
    {
        string[] values = ["value1", "value2", "value3"];
        IReadOnlyList<StoreKey> keys = _store.PutBatch(values);
        Assert.All(keys, k => Assert.True(_store.Exists(k)));

        Metrics? metrics = Metrics.GetMetrics(keys);

        Assert.NotNull(metrics);
        long sizes = values.Sum(v => (long)StoredFrame.HeaderSize + DefaultSerializer.Instance.Serialize(v).Length);
        Assert.Equal(sizes, MetricsAssert.Size(metrics.Attributes["store.put_batch.object_sizes"]));
        Assert.Equal(1, metrics.Times["store.put_batch.serialize"].Count);
        Assert.Equal(1, metrics.Times["store.put_batch.connector"].Count);
        Assert.Equal(1, metrics.Times["store.put_batch"].Count);

        // The exists calls were single-key operations, recorded under each key.
        Assert.All(keys, k => MetricsAssert.Names(["store.exists", "store.exists.connector"], Metrics.GetMetrics(k)!.Times.Keys));
    }

    [Fact]
    public void Exists_on_a_cache_miss_times_the_connector()
    {
        StoreKey key = _store.Put("v");

        Assert.True(_store.Exists(key));

        Metrics metrics = Metrics.GetMetrics(key)!;
        Assert.Equal(1, metrics.Times["store.exists"].Count);
        Assert.Equal(1, metrics.Times["store.exists.connector"].Count);
        Assert.True(metrics.Times["store.exists"].AvgTimeMs >= metrics.Times["store.exists.connector"].AvgTimeMs);
    }

    [Fact]
    public void Exists_on_a_cache_hit_times_only_the_store()
    {
        StoreKey key = _store.Put("v");
        _store.Get<string>(key);
        Assert.True(_store.IsCached(key));

        Assert.True(_store.Exists(key));

        Metrics metrics = Metrics.GetMetrics(key)!;
        Assert.Equal(1, metrics.Times["store.exists"].Count);
        Assert.DoesNotContain("store.exists.connector", metrics.Times.Keys);
    }

    [Fact]
    public void Exists_of_a_missing_key_is_timed_too()
    {
        StoreKey key = _store.Put("v");
        _store.Evict(key);

        Assert.False(_store.Exists(key));

        Metrics metrics = Metrics.GetMetrics(key)!;
        Assert.Equal(1, metrics.Times["store.exists"].Count);
        Assert.Equal(1, metrics.Times["store.exists.connector"].Count);
    }

    [Fact]
    public void Evict_times_the_store_and_the_connector()
    {
        StoreKey key = _store.Put("v");

        _store.Evict(key);

        MetricsAssert.Names(
            ["store.evict", "store.evict.connector", "store.put", "store.put.connector", "store.put.serialize"],
            Metrics.GetMetrics(key)!.Times.Keys);
        Assert.Equal(1, Metrics.GetMetrics(key)!.Times["store.evict.connector"].Count);
    }

    [Fact]
    public void A_get_that_finds_nothing_is_a_timed_cache_miss_without_size()
    {
        StoreKey key = _store.Put("v");
        _store.Evict(key);

        Assert.Null(_store.Get<string>(key));

        Metrics metrics = Metrics.GetMetrics(key)!;
        MetricsAssert.Counters(metrics.Counters, ("store.get.cache_misses", 1));
        Assert.Equal(1, metrics.Times["store.get"].Count);
        Assert.Equal(1, metrics.Times["store.get.connector"].Count);
        Assert.DoesNotContain("store.get.deserialize", metrics.Times.Keys);
        Assert.DoesNotContain("store.get.object_size", metrics.Attributes.Keys);
    }

    [Fact]
    public async Task The_async_operations_record_what_the_sync_ones_do()
    {
        StoreKey sync = _store.Put("value");
        _store.Exists(sync);
        _store.Get<string>(sync);
        _store.Get<string>(sync);
        _store.Exists(sync);
        _store.Evict(sync);
        IReadOnlyList<StoreKey> syncBatch = _store.PutBatch(["a", "b"]);

        StoreKey async = await _store.PutAsync("value");
        await _store.ExistsAsync(async);
        await _store.GetAsync<string>(async);
        await _store.GetAsync<string>(async);
        await _store.ExistsAsync(async);
        await _store.EvictAsync(async);
        IReadOnlyList<StoreKey> asyncBatch = await _store.PutBatchAsync(["a", "b"]);

        Metrics s = Metrics.GetMetrics(sync)!;
        Metrics a = Metrics.GetMetrics(async)!;
        Assert.Equal(MetricsAssert.Counts(s.Times), MetricsAssert.Counts(a.Times));
        Assert.Equal(s.Counters.OrderBy(c => c.Key), a.Counters.OrderBy(c => c.Key));
        Assert.Equal(s.Attributes.OrderBy(c => c.Key), a.Attributes.OrderBy(c => c.Key));
        Metrics sb = Metrics.GetMetrics(syncBatch)!;
        Metrics ab = Metrics.GetMetrics(asyncBatch)!;
        Assert.Equal(MetricsAssert.Counts(sb.Times), MetricsAssert.Counts(ab.Times));
        Assert.Equal(sb.Attributes.OrderBy(c => c.Key), ab.Attributes.OrderBy(c => c.Key));
    }

    [Fact]
    public void A_snapshot_never_changes_after_later_operations()
    {
        StoreKey key = _store.Put("v");
        Metrics before = Metrics.GetMetrics(key)!;
        TimeStats putBefore = before.Times["store.put"];
        IReadOnlyDictionary<string, TimeStats> aggregateBefore = Metrics.AggregateTimes();

        _store.Get<string>(key);
        _store.Get<string>(key);
        _store.Exists(key);
        _store.Evict(key);
        _store.Put("other");
        Metrics.AddAttribute("store.put.object_size", key, 12345);

        MetricsAssert.Names(["store.put", "store.put.connector", "store.put.serialize"], before.Times.Keys);
        Assert.Empty(before.Counters);
        MetricsAssert.Names(["store.put.object_size"], before.Attributes.Keys);
        Assert.Equal(StoredFrame.HeaderSize + 2L, MetricsAssert.Size(before.Attributes["store.put.object_size"]));
        Assert.Same(putBefore, before.Times["store.put"]);
        Assert.Equal(1, before.Times["store.put"].Count);
        Assert.Equal(1, aggregateBefore["store.put"].Count);
        MetricsAssert.Names(["store.put", "store.put.connector", "store.put.serialize"], aggregateBefore.Keys);

        Metrics after = Metrics.GetMetrics(key)!;
        Assert.Equal(2, after.Counters.Count);
        Assert.Equal(12345, after.Attributes["store.put.object_size"]);
        Assert.Equal(2, Metrics.AggregateTimes()["store.put"].Count);
    }

    [Fact]
    public void A_snapshot_cannot_be_modified()
    {
        StoreKey key = _store.Put("v");
        _store.Get<string>(key);
        Metrics metrics = Metrics.GetMetrics(key)!;

        Assert.Throws<NotSupportedException>(() => ((IDictionary<string, long>)metrics.Counters)["store.get.cache_misses"] = 7);
        Assert.Throws<NotSupportedException>(() => ((IDictionary<string, object>)metrics.Attributes).Remove("store.put.object_size"));
        Assert.Throws<NotSupportedException>(() => ((IDictionary<string, TimeStats>)metrics.Times).Clear());
        Assert.Throws<NotSupportedException>(() => ((IDictionary<string, TimeStats>)Metrics.AggregateTimes()).Clear());
        Assert.Equal(1, Metrics.GetMetrics(key)!.Counters["store.get.cache_misses"]);
    }

    [Fact]
    public void Metrics_are_local_to_the_instance_that_did_the_work()
    {
        StoreKey key = _store.Put("shared");
        using Store second = Store.FromConfig(_store.ToConfig() with { Register = false });

        Assert.Equal("shared", second.Get<string>(key));

        MetricsAssert.Names(["store.put", "store.put.connector", "store.put.serialize"], Metrics.GetMetrics(key)!.Times.Keys);
        Assert.Empty(Metrics.GetMetrics(key)!.Counters);
        MetricsAssert.Names(["store.get", "store.get.connector", "store.get.deserialize"], second.Metrics!.GetMetrics(key)!.Times.Keys);
        MetricsAssert.Counters(second.Metrics.GetMetrics(key)!.Counters, ("store.get.cache_misses", 1));
    }

    [Fact]
    public void A_store_without_metrics_records_nothing_and_works()
    {
        using var store = new Store(UniqueNames.Store("no-metrics"), new LocalConnector());

        StoreKey key = store.Put("v");
        Assert.True(store.Exists(key));
        Assert.Equal("v", store.Get<string>(key));
        store.PutBatch(["a"]);
        store.Evict(key);

        Assert.Null(store.Metrics);
    }
}

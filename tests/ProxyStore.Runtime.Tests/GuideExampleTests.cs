using ProxyStore.Connectors;
using ProxyStore.Serialization;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests;

/// <summary>
/// The Performance Tracking guide, one test per block, on a FileConnector in a temp
/// directory as the guide does. Values are checked against what is really on disk.
/// </summary>
public sealed class GuideExampleTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<Store> _stores = [];

    private static readonly string[] SimpleExampleTimes =
    [
        "store.put.serialize", "store.put.connector", "store.put",
        "store.get.connector", "store.get.deserialize", "store.get",
    ];

    private static readonly string[] BatchTimes = ["store.put_batch", "store.put_batch.serialize", "store.put_batch.connector"];

    public void Dispose()
    {
        foreach (Store store in _stores)
        {
            store.Dispose();
        }

        _dir.Dispose();
    }

    private Store NewStore(bool metrics = true, bool register = false)
    {
        var store = new Store(
            UniqueNames.Store("example-store"),
            new FileConnector(_dir.Sub("proxystore-dump-" + _stores.Count)),
            metrics: metrics,
            register: register);
        _stores.Add(store);
        return store;
    }

    private static long FileLength(Store store, StoreKey key) =>
        new FileInfo(Path.Join(((FileConnector)store.Connector).StoreDirectory, key.Id)).Length;

    [Fact]
    public void Enabling_metrics()
    {
        Store store = NewStore(metrics: true, register: true);
        Store off = NewStore(metrics: false);

        Assert.NotNull(store.Metrics);
        Assert.Same(store, StoreRegistry.Get(store.Name));
        Assert.Null(off.Metrics);

        // With metrics off the store still works; there is just nothing to read.
        StoreKey key = off.Put("value");
        Assert.Equal("value", off.Get<string>(key));
        Assert.Null(off.Metrics);
    }

    [Fact]
    public void A_simple_example()
    {
        Store store = NewStore();
        var value = new List<int> { 0, 1, 2, 3, 4, 5 };

        StoreKey key = store.Put(value);
        Assert.Equal(value, store.Get<List<int>>(key));
        Metrics? metrics = store.Metrics!.GetMetrics(key);

        Assert.NotNull(metrics);
        MetricsAssert.Names(["Attributes", "Counters", "Times"], typeof(Metrics).GetProperties().Select(p => p.Name));

        // What the connector keeps: the serialized list inside the store's frame.
        long serializedLength = StoredFrame.HeaderSize + DefaultSerializer.Instance.Serialize(value).Length;
        Assert.Equal(serializedLength, FileLength(store, key));
        MetricsAssert.Names(["store.get.object_size", "store.put.object_size"], metrics.Attributes.Keys);
        Assert.Equal(serializedLength, MetricsAssert.Size(metrics.Attributes["store.put.object_size"]));
        Assert.Equal(serializedLength, MetricsAssert.Size(metrics.Attributes["store.get.object_size"]));
        Assert.Equal(metrics.Attributes["store.put.object_size"], metrics.Attributes["store.get.object_size"]);

        MetricsAssert.Counters(metrics.Counters, ("store.get.cache_misses", 1));

        MetricsAssert.Names(SimpleExampleTimes, metrics.Times.Keys);
        foreach (TimeStats stats in metrics.Times.Values)
        {
            Assert.Equal(1, stats.Count);
            Assert.Equal(stats.MinTimeMs, stats.AvgTimeMs);
            Assert.Equal(stats.MaxTimeMs, stats.AvgTimeMs);
            Assert.Equal(stats.LastTimeMs, stats.AvgTimeMs);
            Assert.True(stats.MinTimeMs >= 0);
        }

        // Each overall time contains its steps, and the get ended after the put.
        Assert.True(metrics.Times["store.put"].AvgTimeMs >= metrics.Times["store.put.serialize"].AvgTimeMs);
        Assert.True(metrics.Times["store.put"].AvgTimeMs >= metrics.Times["store.put.connector"].AvgTimeMs);
        Assert.True(metrics.Times["store.get"].AvgTimeMs >= metrics.Times["store.get.connector"].AvgTimeMs);
        Assert.True(metrics.Times["store.get"].AvgTimeMs >= metrics.Times["store.get.deserialize"].AvgTimeMs);
        Assert.True(metrics.Times["store.get"].LastTimestamp >= metrics.Times["store.put"].LastTimestamp);
    }

    [Fact]
    public void Getting_the_object_again()
    {
        Store store = NewStore();
        var value = new List<int> { 0, 1, 2, 3, 4, 5 };
        StoreKey key = store.Put(value);
        store.Get<List<int>>(key);
        TimeStats first = store.Metrics!.GetMetrics(key)!.Times["store.get"];

        Assert.Equal(value, store.Get<List<int>>(key));
        Metrics metrics = store.Metrics.GetMetrics(key)!;

        MetricsAssert.Counters(metrics.Counters, ("store.get.cache_hits", 1), ("store.get.cache_misses", 1));
        TimeStats get = metrics.Times["store.get"];
        Assert.Equal(2, get.Count);
        Assert.True(get.MinTimeMs <= get.AvgTimeMs, $"min {get.MinTimeMs} > avg {get.AvgTimeMs}");
        Assert.True(get.AvgTimeMs <= get.MaxTimeMs, $"avg {get.AvgTimeMs} > max {get.MaxTimeMs}");
        Assert.Equal((first.AvgTimeMs + get.LastTimeMs) / 2, get.AvgTimeMs, 9);
        Assert.Equal(Math.Min(first.AvgTimeMs, get.LastTimeMs), get.MinTimeMs);
        Assert.Equal(Math.Max(first.AvgTimeMs, get.LastTimeMs), get.MaxTimeMs);

        // The cache hit touched neither the connector nor the deserializer.
        Assert.Equal(1, metrics.Times["store.get.connector"].Count);
        Assert.Equal(1, metrics.Times["store.get.deserialize"].Count);
        MetricsAssert.Names(SimpleExampleTimes, metrics.Times.Keys);
    }

    [Fact]
    public void Metrics_for_batch_operations()
    {
        Store store = NewStore();
        string[] values = ["value1", "value2", "value3"];

        IReadOnlyList<StoreKey> keys = store.PutBatch(values);
        Metrics? metrics = store.Metrics!.GetMetrics(keys);

        Assert.NotNull(metrics);
        MetricsAssert.Names(BatchTimes, metrics.Times.Keys);
        Assert.All(metrics.Times.Values, t => Assert.Equal(1, t.Count));
        MetricsAssert.Names(["store.put_batch.object_sizes"], metrics.Attributes.Keys);
        long sizes = values.Sum(v => (long)StoredFrame.HeaderSize + DefaultSerializer.Instance.Serialize(v).Length);
        Assert.Equal(sizes, MetricsAssert.Size(metrics.Attributes["store.put_batch.object_sizes"]));
        Assert.Equal(sizes, keys.Sum(k => FileLength(store, k)));
        Assert.Empty(metrics.Counters);

        // The batch is one super key: none of its keys alone, nor a part of it, is the batch.
        Assert.Null(store.Metrics.GetMetrics(keys[0]));
        Assert.Null(store.Metrics.GetMetrics(keys.Take(2)));
        Assert.Null(store.Metrics.GetMetrics(keys.Reverse()));
        Assert.Equal(values, keys.Select(k => store.Get<string>(k)));
    }

    [Fact]
    public void Aggregating_metrics()
    {
        Store store = NewStore();
        StoreKey k1 = store.Put("a");
        StoreKey k2 = store.Put(new List<int> { 0, 1, 2 });
        store.Get<string>(k1);
        store.Get<string>(k1);
        store.Get<List<int>>(k2);
        IReadOnlyList<StoreKey> batch = store.PutBatch(["value1", "value2", "value3"]);

        IReadOnlyDictionary<string, TimeStats> all = store.Metrics!.AggregateTimes();

        Metrics[] perKey = [store.Metrics.GetMetrics(k1)!, store.Metrics.GetMetrics(k2)!, store.Metrics.GetMetrics(batch)!];
        MetricsAssert.Names(perKey.SelectMany(m => m.Times.Keys).Distinct(), all.Keys);
        MetricsAssert.Names([.. SimpleExampleTimes, .. BatchTimes], all.Keys);

        Assert.Equal(2, all["store.put"].Count);
        Assert.Equal(3, all["store.get"].Count);
        Assert.Equal(2, all["store.get.connector"].Count);
        Assert.Equal(1, all["store.put_batch"].Count);
        foreach ((string name, TimeStats total) in all)
        {
            TimeStats[] parts = perKey.Where(m => m.Times.ContainsKey(name)).Select(m => m.Times[name]).ToArray();
            Assert.Equal(parts.Sum(p => p.Count), total.Count);
            Assert.Equal(parts.Min(p => p.MinTimeMs), total.MinTimeMs);
            Assert.Equal(parts.Max(p => p.MaxTimeMs), total.MaxTimeMs);
            Assert.Equal(parts.Sum(p => p.AvgTimeMs * p.Count) / total.Count, total.AvgTimeMs, 9);
            MetricsAssert.Consistent(total);
        }
    }
}

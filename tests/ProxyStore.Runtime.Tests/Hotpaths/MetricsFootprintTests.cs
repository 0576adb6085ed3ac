using ProxyStore.Connectors;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Hotpaths;

/// <summary>
/// Issue 19's metrics targets, as allocation counts (deterministic on one thread, not timings):
/// what a key with the usual put and get metrics costs, and that recording again costs nothing.
/// Isolated, since a telemetry listener of a test running alongside would make the store
/// allocate for its spans and measurements.
/// </summary>
[Collection(IsolatedCollection.Name)]
public sealed class MetricsFootprintTests
{
    private const int Keys = 20_000;

    [Fact]
    public void A_key_with_the_usual_put_and_get_metrics_takes_at_most_300_bytes()
    {
        // The same puts and gets with metrics on and off: the difference is what metrics
        // keep per key. Both stores' dictionaries are grown first (a put-and-evict round
        // whose metrics are dropped), since growing one allocates new buckets and nodes that
        // a long-lived store amortizes.
        WithWarmedStores(PutAndEvict, (measured, plain) =>
        {
            measured.Metrics!.Options = StoreMetricsOptions.Default;
            byte[] payload = new byte[1024];

            long with = PutAndGet(measured, payload, out StoreKey last);
            long without = PutAndGet(plain, payload, out _);
            long perKey = (with - without) / Keys;

            Assert.InRange(perKey, 1, 300);
            Metrics recorded = measured.Metrics.GetMetrics(last)!;
            Assert.Equal(6, recorded.Times.Count);
            Assert.Equal(1, recorded.Counters[MetricNames.GetCacheMisses]);
            Assert.True((long)recorded.Attributes[MetricNames.GetObjectSize] > 1024);
        });
    }

    /// <summary>
    /// Runs <paramref name="test"/> on a store with metrics (evicted keys' dropped) and one
    /// without, after a round of <paramref name="warmUp"/> on each.
    /// </summary>
    private static void WithWarmedStores(Action<Store> warmUp, Action<Store, Store> test)
    {
        using Store measured = NewStore(metrics: true);
        using Store plain = NewStore(metrics: false);
        measured.Metrics!.Options = new StoreMetricsOptions { EvictedKeys = EvictedKeyMetrics.Drop };
        warmUp(measured);
        warmUp(plain);
        test(measured, plain);
    }

    private static Store NewStore(bool metrics) =>
        new("footprint-" + Guid.NewGuid().ToString("N"), new LocalConnector(), cacheSize: 0, metrics: metrics);

    private static void PutAndEvict(Store store)
    {
        StoreKey[] keys = Enumerable.Range(0, Keys).Select(_ => store.Put(Array.Empty<byte>())).ToArray();
        foreach (StoreKey key in keys)
        {
            store.Evict(key);
        }
    }

    private static long PutAndGet(Store store, byte[] payload, out StoreKey last)
    {
        // What the store keeps (the heap after a full collection), not what it allocated on the
        // way: the metrics kept per key are the target, and allocation counts depend on how far
        // the JIT has optimized the code (tier-0 code allocates objects optimized code does not).
        var keys = new StoreKey[Keys];
        long before = GC.GetTotalMemory(forceFullCollection: true);
        for (int i = 0; i < Keys; i++)
        {
            keys[i] = store.Put(payload);
            store.Get<ReadOnlyMemory<byte>>(keys[i]);
        }

        long after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(keys);
        last = keys[^1];
        return after - before;
    }

    [Fact]
    public void Recording_a_time_again_on_a_known_key_allocates_nothing()
    {
        var metrics = new StoreMetrics();
        var key = new StoreKey("known");
        RecordPutAndGet(metrics, key);
        RecordPutAndGet(metrics, key);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1_000; i++)
        {
            metrics.AddTime(MetricNames.Get, key, TimeSpan.FromMilliseconds(i % 7));
            metrics.AddCounter(MetricNames.GetCacheHits, key);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        TimeStats get = metrics.GetMetrics(key)!.Times[MetricNames.Get];
        Assert.Equal(1_002, get.Count);
        Assert.Equal(0, get.MinTimeMs, 6);
        Assert.Equal(6, get.MaxTimeMs, 6);
        Assert.Equal(999 % 7, get.LastTimeMs, 6);
    }

    [Fact]
    public void A_store_get_on_a_known_key_records_without_allocating_for_metrics()
    {
        using var store = new Store("footprint-" + Guid.NewGuid().ToString("N"), new LocalConnector(), cacheSize: 0, metrics: true);
        StoreKey key = store.Put(new byte[16]);
        store.Get<ReadOnlyMemory<byte>>(key);
        store.Get<ReadOnlyMemory<byte>>(key);

        using var plain = new Store("footprint-plain-" + Guid.NewGuid().ToString("N"), new LocalConnector(), cacheSize: 0);
        StoreKey plainKey = plain.Put(new byte[16]);
        plain.Get<ReadOnlyMemory<byte>>(plainKey);

        long withMetrics = AllocatedBy(() => store.Get<ReadOnlyMemory<byte>>(key));
        long without = AllocatedBy(() => plain.Get<ReadOnlyMemory<byte>>(plainKey));

        Assert.Equal(without, withMetrics);
        Assert.Equal(3, store.Metrics!.GetMetrics(key)!.Times[MetricNames.Get].Count);
    }

    [Fact]
    public void A_key_read_again_checked_and_evicted_allocates_nothing_for_its_metrics()
    {
        // A key's second get, exists and evict record more times than its entry holds inline;
        // those go to blocks the store's metrics share, not to a new array per key. With
        // Drop, evicted keys give their blocks back, so a second round reuses them, and each
        // phase after the put allocates what the same phase allocates without metrics, give or
        // take a few bytes for the whole phase (not per key: one array per key was 56 to 360).
        WithWarmedStores(store => Lifecycle(store), (measured, plain) =>
        {
            long[] with = Lifecycle(measured);
            long[] without = Lifecycle(plain);

            for (int phase = 1; phase < with.Length; phase++)
            {
                // Below zero by a one-off: the first reflection call after a collection remakes the
                // runtime's type cache (168 bytes), in whichever store's phase comes first after it.
                Assert.InRange(with[phase] - without[phase], -RuntimeOneOffBytes, LifecycleKeys - 1);
            }

            Assert.True(with[0] - without[0] >= LifecycleKeys, "the put makes each key's entry");
        });
    }

    [Fact]
    public void A_key_kept_with_all_its_metrics_keeps_exact_statistics_in_the_shared_blocks()
    {
        using Store store = NewStore(metrics: true);
        var keys = Enumerable.Range(0, 1_000).Select(i => store.Put(new byte[i])).ToArray();
        for (int round = 0; round < 3; round++)
        {
            foreach (StoreKey key in keys)
            {
                store.Get<byte[]>(key);
                store.Exists(key);
            }
        }

        foreach (StoreKey key in keys)
        {
            store.Evict(key);
        }

        for (int i = 0; i < keys.Length; i++)
        {
            Metrics metrics = store.Metrics!.GetMetrics(keys[i])!;
            Assert.Equal(1, metrics.Times[MetricNames.Put].Count);
            Assert.Equal(3, metrics.Times[MetricNames.Get].Count);
            Assert.Equal(3, metrics.Times[MetricNames.GetDeserialize].Count);
            Assert.Equal(3, metrics.Times[MetricNames.Exists].Count);
            Assert.Equal(1, metrics.Times[MetricNames.Evict].Count);
            Assert.Equal(3, metrics.Counters[MetricNames.GetCacheMisses]);
            Assert.Equal(i + StoredFrame.HeaderSize + 1, (long)metrics.Attributes[MetricNames.GetObjectSize]);
        }
    }

    [Fact]
    public void A_key_whose_metrics_were_forgotten_records_into_a_new_entry()
    {
        using Store store = NewStore(metrics: true);
        store.Metrics!.Options = new StoreMetricsOptions { EvictedKeys = EvictedKeyMetrics.Drop };
        StoreKey key = store.Put(new byte[16]);
        store.Get<byte[]>(key);
        store.Get<byte[]>(key);
        store.Evict(key);
        Assert.Null(store.Metrics.GetMetrics(key));
        Assert.Empty(store.Metrics.Export().Entries);

        store.Metrics.AddTime(MetricNames.Get, key, TimeSpan.FromMilliseconds(2));

        Metrics recorded = store.Metrics.GetMetrics(key)!;
        Assert.Equal([MetricNames.Get], recorded.Times.Keys);
        Assert.Equal(1, recorded.Times[MetricNames.Get].Count);
        Assert.Equal(2, recorded.Times[MetricNames.Get].LastTimeMs, 6);
    }

    [Fact]
    public void A_key_kept_after_its_store_is_gone_keeps_nothing_of_the_stores_metrics_alive()
    {
        // A key is data: holding one must not hold its store's metrics (every key's entry and
        // the shared blocks of time words) once the store itself is gone.
        (StoreKey kept, WeakReference metrics) = UseAndDropStore();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(metrics.IsAlive, "a kept key keeps its store's metrics alive");
        GC.KeepAlive(kept);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (StoreKey Kept, WeakReference Metrics) UseAndDropStore()
    {
        using Store store = NewStore(metrics: true);
        StoreKey[] keys = [.. Enumerable.Range(0, 1_000).Select(_ => store.Put(new byte[8]))];
        foreach (StoreKey key in keys)
        {
            store.Get<byte[]>(key);
            store.Get<byte[]>(key);
            store.Exists(key);
        }

        return (keys[0], new WeakReference(store.Metrics));
    }

    [Fact]
    public void One_key_object_used_with_two_stores_records_in_each_store_and_an_equal_key_finds_the_same_entry()
    {
        using Store first = NewStore(metrics: true);
        using Store second = NewStore(metrics: true);
        StoreKey key = first.Put(new byte[16]);
        first.Get<byte[]>(key);
        second.Exists(key);
        first.Exists(key);
        first.Exists(new StoreKey(key.Id));

        Metrics inFirst = first.Metrics!.GetMetrics(key)!;
        Metrics inSecond = second.Metrics!.GetMetrics(key)!;
        Assert.Equal(2, inFirst.Times[MetricNames.Exists].Count);
        Assert.Equal(1, inFirst.Times[MetricNames.Get].Count);
        Assert.Equal(1, inSecond.Times[MetricNames.Exists].Count);
        Assert.False(inSecond.Times.ContainsKey(MetricNames.Put));
    }

    private const int LifecycleKeys = 2_000;

    // What the runtime allocates once in a while on its own, whatever the store does.
    private const int RuntimeOneOffBytes = 512;

    /// <summary>The bytes each phase allocates for <see cref="LifecycleKeys"/> keys: put, get, get again, exists, evict.</summary>
    private static long[] Lifecycle(Store store)
    {
        var keys = new StoreKey[LifecycleKeys];
        byte[] payload = new byte[64];
        var allocated = new long[5];
        allocated[0] = AllocatedBy(() =>
        {
            for (int i = 0; i < keys.Length; i++)
            {
                keys[i] = store.Put(payload);
            }
        });
        allocated[1] = AllocatedBy(() => Array.ForEach(keys, k => store.Get<ReadOnlyMemory<byte>>(k)));
        allocated[2] = AllocatedBy(() => Array.ForEach(keys, k => store.Get<ReadOnlyMemory<byte>>(k)));
        allocated[3] = AllocatedBy(() => Array.ForEach(keys, k => store.Exists(k)));
        allocated[4] = AllocatedBy(() => Array.ForEach(keys, store.Evict));
        return allocated;
    }

    [Fact]
    public void Every_guide_time_recorded_many_times_keeps_exact_statistics()
    {
        // Twice through every slot: singles, then six-word records in the inline words and the array.
        var metrics = new StoreMetrics();
        var key = new StoreKey("all");
        string[] names = KnownMetrics.TimeNames;
        for (int round = 1; round <= 3; round++)
        {
            foreach (string name in names)
            {
                metrics.AddTime(name, key, TimeSpan.FromMilliseconds(round * (Array.IndexOf(names, name) + 1)));
            }
        }

        Metrics recorded = metrics.GetMetrics(key)!;
        Assert.Equal(names.Length, recorded.Times.Count);
        for (int i = 0; i < names.Length; i++)
        {
            TimeStats stats = recorded.Times[names[i]];
            double unit = i + 1;
            Assert.Equal(3, stats.Count);
            Assert.Equal(unit, stats.MinTimeMs, 6);
            Assert.Equal(3 * unit, stats.MaxTimeMs, 6);
            Assert.Equal(2 * unit, stats.AvgTimeMs, 6);
            Assert.Equal(3 * unit, stats.LastTimeMs, 6);
        }
    }

    private static long AllocatedBy(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>What a store records for a put and a get that missed the cache, through the public API.</summary>
    private static void RecordPutAndGet(StoreMetrics metrics, StoreKey key)
    {
        metrics.AddAttribute(MetricNames.PutObjectSize, key, 1024L);
        metrics.AddTime(MetricNames.PutSerialize, key, TimeSpan.FromTicks(3));
        metrics.AddTime(MetricNames.PutConnector, key, TimeSpan.FromTicks(5));
        metrics.AddTime(MetricNames.Put, key, TimeSpan.FromTicks(9));
        metrics.AddCounter(MetricNames.GetCacheMisses, key);
        metrics.AddAttribute(MetricNames.GetObjectSize, key, 1024L);
        metrics.AddTime(MetricNames.GetConnector, key, TimeSpan.FromTicks(2));
        metrics.AddTime(MetricNames.GetDeserialize, key, TimeSpan.FromTicks(4));
        metrics.AddTime(MetricNames.Get, key, TimeSpan.FromTicks(7));
    }
}

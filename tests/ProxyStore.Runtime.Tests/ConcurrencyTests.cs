using System.Collections.Concurrent;
using ProxyStore.Connectors;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests;

/// <summary>
/// The store, its cache, its metrics and the registry under many threads: counts stay
/// exact, nothing is lost, nothing is corrupted. No timing is asserted.
/// </summary>
public sealed class ConcurrencyTests : IDisposable
{
    private const int Threads = 8;

    private readonly TempDirectory _dir = new();
    private readonly List<Store> _stores = [];

    public void Dispose()
    {
        foreach (Store store in _stores)
        {
            store.Dispose();
        }

        _dir.Dispose();
    }

    private Store FileStore(int cacheSize = Store.DefaultCacheSize)
    {
        var store = new Store(UniqueNames.Store("concurrent"), new FileConnector(_dir.Sub("store-" + _stores.Count)), cacheSize: cacheSize, metrics: true);
        _stores.Add(store);
        return store;
    }

    /// <summary>Runs <paramref name="body"/> on <paramref name="count"/> threads started together; rethrows the first failure.</summary>
    private static void OnThreads(int count, Action<int> body)
    {
        using var start = new Barrier(count);
        var failures = new ConcurrentQueue<Exception>();
        Thread[] threads = Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                body(i);
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
            }
        })).ToArray();

        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void Gets_of_one_key_from_many_threads_are_counted_exactly()
    {
        const int perThread = 500;
        Store store = FileStore();
        StoreKey key = store.Put("shared value");

        OnThreads(Threads, _ =>
        {
            for (int i = 0; i < perThread; i++)
            {
                Assert.Equal("shared value", store.Get<string>(key));
            }
        });

        Metrics metrics = store.Metrics!.GetMetrics(key)!;
        long hits = metrics.Counters.GetValueOrDefault("store.get.cache_hits");
        long misses = metrics.Counters["store.get.cache_misses"];
        Assert.Equal(Threads * perThread, hits + misses);
        Assert.InRange(misses, 1, Threads);
        Assert.Equal(Threads * perThread, metrics.Times["store.get"].Count);
        Assert.Equal(misses, metrics.Times["store.get.connector"].Count);
        Assert.Equal(misses, metrics.Times["store.get.deserialize"].Count);
        Assert.All(metrics.Times.Values, MetricsAssert.Consistent);
    }

    [Fact]
    public void Gets_without_a_cache_from_many_threads_are_all_misses()
    {
        const int perThread = 100;
        Store store = FileStore(cacheSize: 0);
        StoreKey key = store.Put(new List<int> { 1, 2, 3 });

        OnThreads(Threads, _ =>
        {
            for (int i = 0; i < perThread; i++)
            {
                Assert.Equal(3, store.Get<List<int>>(key)!.Count);
            }
        });

        Metrics metrics = store.Metrics!.GetMetrics(key)!;
        MetricsAssert.Counters(metrics.Counters, ("store.get.cache_misses", Threads * perThread));
        Assert.Equal(Threads * perThread, metrics.Times["store.get.deserialize"].Count);
    }

    [Fact]
    public void Puts_from_many_threads_are_all_retrievable()
    {
        const int perThread = 100;
        Store store = FileStore();
        var keys = new ConcurrentDictionary<StoreKey, string>();

        OnThreads(Threads, t =>
        {
            for (int i = 0; i < perThread; i++)
            {
                string value = $"thread {t} value {i}";
                Assert.True(keys.TryAdd(store.Put(value), value));
            }
        });

        Assert.Equal(Threads * perThread, keys.Count);
        Assert.All(keys, pair => Assert.Equal(pair.Value, store.Get<string>(pair.Key)));
        Assert.Equal(Threads * perThread, Directory.GetFiles(((FileConnector)store.Connector).StoreDirectory).Length);
        Assert.Equal(Threads * perThread, store.Metrics!.AggregateTimes()["store.put"].Count);
    }

    [Fact]
    public void Mixed_operations_from_many_threads_keep_counts_exact()
    {
        const int perThread = 200;
        Store store = FileStore(cacheSize: 4);
        StoreKey[] keys = Enumerable.Range(0, 10).Select(i => store.Put(i)).ToArray();
        long gets = 0, exists = 0;

        OnThreads(Threads, t =>
        {
            var random = new Random(t);
            for (int i = 0; i < perThread; i++)
            {
                int index = random.Next(keys.Length);
                if (random.Next(3) == 0)
                {
                    store.Exists(keys[index]);
                    Interlocked.Increment(ref exists);
                }
                else
                {
                    Assert.Equal(index, store.Get<int>(keys[index]));
                    Interlocked.Increment(ref gets);
                }
            }
        });

        IReadOnlyDictionary<string, TimeStats> all = store.Metrics!.AggregateTimes();
        Assert.Equal(gets, all["store.get"].Count);
        Assert.Equal(exists, all["store.exists"].Count);
        long hits = keys.Sum(k => store.Metrics.GetMetrics(k)!.Counters.GetValueOrDefault("store.get.cache_hits"));
        long misses = keys.Sum(k => store.Metrics.GetMetrics(k)!.Counters.GetValueOrDefault("store.get.cache_misses"));
        Assert.Equal(gets, hits + misses);
        Assert.Equal(misses, all["store.get.connector"].Count);
    }

    [Fact]
    public async Task Concurrent_async_gets_are_counted_exactly()
    {
        Store store = FileStore();
        StoreKey key = await store.PutAsync("async shared");

        string?[] values = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(async () => await store.GetAsync<string>(key))));

        Assert.All(values, v => Assert.Equal("async shared", v));
        Metrics metrics = store.Metrics!.GetMetrics(key)!;
        Assert.Equal(200, metrics.Counters.GetValueOrDefault("store.get.cache_hits") + metrics.Counters["store.get.cache_misses"]);
        Assert.Equal(200, metrics.Times["store.get"].Count);
    }

    [Fact]
    public async Task An_evict_during_a_get_does_not_leave_the_evicted_object_cached()
    {
        // Deterministic interleaving: the get has read the bytes and is deserializing
        // (PausesWhileRead's setter holds it there) when the evict runs to completion.
        // Once both calls have returned the object is gone, so it must not be cached.
        using var store = new Store(UniqueNames.Store("evict-during-get"), new LocalConnector(), metrics: true);
        StoreKey key = store.Put(new PausesWhileRead());
        using var reading = new ManualResetEventSlim();
        using var mayFinish = new ManualResetEventSlim();
        PausesWhileRead.Arm(reading, mayFinish);
        try
        {
            Task<PausesWhileRead?> get = Task.Run(() => store.Get<PausesWhileRead>(key));
            Assert.True(reading.Wait(TimeSpan.FromSeconds(30)), "the get never started deserializing");

            store.Evict(key);
            mayFinish.Set();
            PausesWhileRead? got = await get; // it started before the evict: the object or nothing are both fine
            Assert.True(got is null || got.Value == 1);

            Assert.False(store.Connector.Exists(key));
            Assert.False(store.IsCached(key), "the evicted object is still in the cache");
            Assert.False(store.Exists(key), "Exists says an evicted object exists");
            Assert.Null(store.Get<PausesWhileRead>(key));
        }
        finally
        {
            PausesWhileRead.Disarm();
            mayFinish.Set();
        }
    }

    /// <summary>A plain type whose deserialization can be held at a known point by one test.</summary>
    public sealed class PausesWhileRead
    {
        private static ManualResetEventSlim? s_reading;
        private static ManualResetEventSlim? s_mayFinish;
        private int _value = 1;

        public int Value
        {
            get => _value;
            set
            {
                _value = value;
                s_reading?.Set();
                s_mayFinish?.Wait(TimeSpan.FromSeconds(30));
            }
        }

        public static void Arm(ManualResetEventSlim reading, ManualResetEventSlim mayFinish)
        {
            s_mayFinish = mayFinish;
            s_reading = reading;
        }

        public static void Disarm()
        {
            s_reading = null;
            s_mayFinish = null;
        }
    }

    [Fact]
    public void The_cache_is_never_corrupted_by_concurrent_set_get_and_evict()
    {
        const int capacity = 32;
        const int perThread = 20_000;
        var cache = new LruCache<int, int>(capacity);
        long lookups = 0;
        int maxSeen = 0;

        OnThreads(Threads, t =>
        {
            var random = new Random(t);
            for (int i = 0; i < perThread; i++)
            {
                int key = random.Next(100);
                switch (random.Next(4))
                {
                    case 0:
                        cache.Set(key, key * 10);
                        break;
                    case 1:
                        cache.Evict(key);
                        break;
                    case 2:
                        cache.Contains(key);
                        break;
                    default:
                        Interlocked.Increment(ref lookups);
                        if (cache.TryGet(key, out int value))
                        {
                            Assert.Equal(key * 10, value);
                        }

                        break;
                }

                int count = cache.Count;
                Assert.InRange(count, 0, capacity);
                InterlockedMax(ref maxSeen, count);
            }
        });

        Assert.InRange(cache.Count, 0, capacity);
        Assert.Equal(lookups, cache.Hits + cache.Misses);
        Assert.True(maxSeen > 0);
        int found = 0;
        for (int key = 0; key < 100; key++)
        {
            bool contains = cache.Contains(key);
            Assert.Equal(contains, cache.TryGet(key, out int value));
            if (contains)
            {
                Assert.Equal(key * 10, value);
                found++;
            }
        }

        Assert.Equal(cache.Count, found);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    [Fact]
    public void Kept_keys_stay_exact_while_other_threads_forget_keys_and_read_aggregates()
    {
        // Forgotten keys give their blocks of time words back and new keys reuse them, on
        // several threads at once, while two threads read aggregates and exports: no kept key
        // may see another key's words, and no reader may see a forgotten key's.
        const int Workers = 6;
        const int KeysPerWorker = 400;
        using var store = new Store("concurrent-forget-" + Guid.NewGuid().ToString("N"), new ProxyStore.Connectors.LocalConnector(), cacheSize: 0, metrics: true);
        store.Metrics!.Options = new StoreMetricsOptions { EvictedKeys = EvictedKeyMetrics.Drop };
        var kept = new StoreKey[Workers][];
        int running = Workers;

        OnThreads(Workers + 2, t =>
        {
            if (t >= Workers)
            {
                while (Volatile.Read(ref running) > 0)
                {
                    foreach (TimeStats stats in store.Metrics.AggregateTimes().Values)
                    {
                        Assert.True(stats.Count > 0 && stats.MinTimeMs >= 0 && stats.MaxTimeMs >= stats.MinTimeMs, "an aggregate read a forgotten key's words");
                    }

                    // An entry may be caught between its creation and its put's times.
                    Assert.All(store.Metrics.Export().Entries, e =>
                    {
                        Assert.True(!e.Metrics.Times.TryGetValue(MetricNames.Put, out TimeStats? put) || put.Count == 1);
                        Assert.True(!e.Metrics.Times.TryGetValue(MetricNames.Get, out TimeStats? get) || get.Count <= 2);
                    });
                }

                return;
            }

            var mine = new List<StoreKey>();
            for (int i = 0; i < KeysPerWorker; i++)
            {
                StoreKey key = store.Put(new byte[t + 1]);
                store.Get<byte[]>(key);
                store.Get<byte[]>(key);
                store.Exists(key);
                if (i % 2 == 0)
                {
                    store.Evict(key);
                }
                else
                {
                    mine.Add(key);
                }
            }

            kept[t] = [.. mine];
            Interlocked.Decrement(ref running);
        });

        for (int t = 0; t < Workers; t++)
        {
            foreach (StoreKey key in kept[t])
            {
                Metrics metrics = store.Metrics.GetMetrics(key)!;
                Assert.Equal(1, metrics.Times[MetricNames.Put].Count);
                Assert.Equal(2, metrics.Times[MetricNames.Get].Count);
                Assert.Equal(2, metrics.Times[MetricNames.GetConnector].Count);
                Assert.Equal(1, metrics.Times[MetricNames.Exists].Count);
                Assert.Equal(2, metrics.Counters[MetricNames.GetCacheMisses]);
                Assert.Equal(t + 1 + 17L, (long)metrics.Attributes[MetricNames.GetObjectSize]);
            }
        }

        Assert.Equal(Workers * KeysPerWorker, 2 * store.Metrics.Export().Entries.Count);
        Assert.Equal(Workers * KeysPerWorker, store.Metrics.AggregateTimes()[MetricNames.Get].Count);
    }

    [Fact]
    public void Metrics_recorded_from_many_threads_are_exact()
    {
        const int perThread = 1000;
        var metrics = new StoreMetrics();
        var key = new StoreKey(Guid.NewGuid().ToString("N"));
        StoreKey[] batch = [new(Guid.NewGuid().ToString("N")), new(Guid.NewGuid().ToString("N"))];

        OnThreads(Threads, t =>
        {
            for (int i = 0; i < perThread; i++)
            {
                metrics.AddCounter("c", key);
                metrics.AddTime("t", key, TimeSpan.FromMilliseconds(1 + t));
                metrics.AddCounter("c", batch, 2);
                metrics.AddAttribute("a", key, t);
            }
        });

        Metrics single = metrics.GetMetrics(key)!;
        Assert.Equal(Threads * perThread, single.Counters["c"]);
        Assert.Equal(Threads * perThread, single.Times["t"].Count);
        Assert.Equal(1, single.Times["t"].MinTimeMs, 6);
        Assert.Equal(Threads, single.Times["t"].MaxTimeMs, 6);
        Assert.Equal((1 + Threads) / 2.0, single.Times["t"].AvgTimeMs, 6);
        Assert.InRange((int)single.Attributes["a"], 0, Threads - 1);
        Assert.Equal(2L * Threads * perThread, metrics.GetMetrics(batch)!.Counters["c"]);
    }

    [Fact]
    public void Get_or_create_from_16_threads_makes_one_store()
    {
        const int count = 16;
        using var template = new Store(UniqueNames.Store("get-or-create"), new LocalConnector());
        StoreConfig config = template.ToConfig();
        var got = new Store[count];

        OnThreads(count, i => got[i] = StoreRegistry.GetOrCreate(config));

        Store single = Assert.Single(got.Distinct());
        _stores.Add(single);
        Assert.NotSame(template, single);
        Assert.Same(single, StoreRegistry.Get(config.Name));
    }

    [Fact]
    public void Only_one_of_many_racing_registrations_of_a_name_wins()
    {
        const int count = 16;
        string name = UniqueNames.Store("racing");
        Store[] candidates = Enumerable.Range(0, count).Select(_ => new Store(name, new LocalConnector())).ToArray();
        _stores.AddRange(candidates);
        var outcomes = new ConcurrentBag<bool>();

        OnThreads(count, i =>
        {
            try
            {
                StoreRegistry.Register(candidates[i]);
                outcomes.Add(true);
            }
            catch (StoreExistsException)
            {
                outcomes.Add(false);
            }
        });

        Assert.Single(outcomes, won => won);
        Assert.Contains(StoreRegistry.Get(name), candidates);
        StoreRegistry.Unregister(name);
    }
}

using BenchmarkDotNet.Attributes;
using ProxyStore;

/// <summary>
/// What bounding a store's metrics (<see cref="StoreMetricsOptions.MaxKeys"/>) costs a put and an
/// evict: a store in memory with metrics on, holding N keys of 16 B, with each policy for
/// evicted keys, unbounded or bounded to <see cref="MaxKeys"/> (so that every new key forgets
/// the oldest, dropped or, with <see cref="EvictedKeyMetrics.Aggregate"/>, folded). Each
/// benchmark times the last <see cref="Ops"/> operations of its phase, as
/// <see cref="RetainedKeysBenchmarks"/> does; the target is at most 1.2x the unbounded store
/// with the same policy.
/// </summary>
/// <remarks>
/// N = 1,000,000 runs only when <c>PROXYSTORE_BENCH_1M=1</c> is set; smoke runs N = 20,000
/// bounded by aggregation only. Each iteration fills a store: pass a short job (<c>--job short</c>).
/// </remarks>
[MemoryDiagnoser]
public class BoundedMetricsBenchmarks
{
    /// <summary>Operations each benchmark times, the last of its phase.</summary>
    public const int Ops = 10_000;

    /// <summary>The bound of the bounded stores: below N, so every put beyond it forgets a key.</summary>
    public const int MaxKeys = 10_000;

    private Store _store = null!;
    private byte[] _payload = null!;
    private StoreKey[] _keys = null!;

    [ParamsSource(nameof(Counts))]
    public int N { get; set; }

    [ParamsSource(nameof(Policies))]
    public EvictedKeyMetrics EvictedKeys { get; set; }

    [ParamsSource(nameof(BoundModes))]
    public bool Bounded { get; set; }

    /// <summary>100k; 1M too with <c>PROXYSTORE_BENCH_1M=1</c>; 20k alone in smoke runs.</summary>
    public static IEnumerable<int> Counts()
    {
        if (BenchmarkMode.Smoke)
        {
            return [2 * Ops];
        }

        return Environment.GetEnvironmentVariable("PROXYSTORE_BENCH_1M") == "1" ? [100_000, 1_000_000] : [100_000];
    }

    /// <summary>Every policy for evicted keys; smoke runs the folding one.</summary>
    public static IEnumerable<EvictedKeyMetrics> Policies() =>
        BenchmarkMode.Smoke ? [EvictedKeyMetrics.Aggregate] : [EvictedKeyMetrics.Keep, EvictedKeyMetrics.Drop, EvictedKeyMetrics.Aggregate];

    /// <summary>Unbounded and bounded; smoke runs bounded.</summary>
    public static IEnumerable<bool> BoundModes() => BenchmarkMode.Smoke ? [true] : [false, true];

    [GlobalSetup]
    public void Setup() => _payload = BenchmarkStores.Payload(16);

    [IterationSetup(Target = nameof(Put))]
    public void BeforePut() => Fill(N - Ops);

    [IterationSetup(Target = nameof(Evict))]
    public void BeforeEvict() => Fill(N);

    [IterationCleanup]
    public void Cleanup() => _store.Dispose();

    [Benchmark(OperationsPerInvoke = Ops)]
    public void Put()
    {
        for (int i = N - Ops; i < N; i++)
        {
            _keys[i] = _store.Put(_payload);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public void Evict()
    {
        for (int i = N - Ops; i < N; i++)
        {
            _store.Evict(_keys[i]);
        }
    }

    /// <summary>A new store, with the policy and bound of the case, holding <paramref name="count"/> objects.</summary>
    private void Fill(int count)
    {
        _store = BenchmarkStores.Create(ConnectorKind.Local, metrics: true, cacheSize: 0);
        _store.Metrics!.Options = new StoreMetricsOptions { EvictedKeys = EvictedKeys, MaxKeys = Bounded ? MaxKeys : null };

        _keys = new StoreKey[N];
        for (int i = 0; i < count; i++)
        {
            _keys[i] = _store.Put(_payload);
        }
    }
}

using BenchmarkDotNet.Attributes;
using ProxyStore;

/// <summary>
/// Issue 19's retained-keys shape: one store that keeps N objects (16 B or 1 KiB, metrics on
/// or off, no cache, so every get reaches the connector). Each benchmark times the last
/// <see cref="Ops"/> operations of one phase, put, get, exists or evict, with N keys held:
/// the iteration setup makes a new store and runs what comes before (N - 10,000 puts for
/// <see cref="Put"/>, N puts for the others, and the gets of the keys <see cref="Evict"/>
/// evicts, so they carry the usual put and get metrics). Times and allocations are per operation.
/// </summary>
/// <remarks>
/// N = 1,000,000 runs only when <c>PROXYSTORE_BENCH_1M=1</c> is set; smoke runs N = 10,000,
/// 1 KiB, metrics on, Local only. Each iteration fills a store, so pass a short job
/// (<c>--job short</c>, or <c>--iterationCount 5 --warmupCount 1</c>) for 100k keys and files. <c>benchmarks/python/retained_keys.py</c> runs the same phases on Python ProxyStore
/// (all N operations of each phase), and <c>--retained</c> runs <see cref="RetainedKeysProbe"/>,
/// the same as that script in .NET, which also reports the heap the metrics keep per key.
/// </remarks>
[MemoryDiagnoser]
public class RetainedKeysBenchmarks
{
    /// <summary>Operations each benchmark times, the last of its phase.</summary>
    public const int Ops = 10_000;

    private Store _store = null!;
    private byte[] _payload = null!;
    private StoreKey[] _keys = null!;

    [ParamsSource(nameof(Counts))]
    public int N { get; set; }

    [ParamsSource(nameof(Sizes))]
    public int Size { get; set; }

    [ParamsSource(nameof(MetricsModes))]
    public bool Metrics { get; set; }

    [ParamsSource(nameof(Connectors))]
    public ConnectorKind Connector { get; set; }

    /// <summary>10k and 100k; 1M too with <c>PROXYSTORE_BENCH_1M=1</c>; 10k alone in smoke runs.</summary>
    public static IEnumerable<int> Counts()
    {
        if (BenchmarkMode.Smoke)
        {
            return [Ops];
        }

        return Environment.GetEnvironmentVariable("PROXYSTORE_BENCH_1M") == "1" ? [10_000, 100_000, 1_000_000] : [10_000, 100_000];
    }

    /// <summary>16 B and 1 KiB; smoke runs 1 KiB only.</summary>
    public static IEnumerable<int> Sizes() => BenchmarkMode.Smoke ? [1024] : [16, 1024];

    /// <summary>Metrics on and off; smoke runs them on only.</summary>
    public static IEnumerable<bool> MetricsModes() => BenchmarkMode.Smoke ? [true] : [true, false];

    /// <summary>Local and File; smoke runs Local only (FileFloorBenchmarks runs the file operations in smoke).</summary>
    public static IEnumerable<ConnectorKind> Connectors() => BenchmarkMode.Smoke ? [ConnectorKind.Local] : [ConnectorKind.Local, ConnectorKind.File];

    [GlobalSetup]
    public void Setup() => _payload = BenchmarkStores.Payload(Size);

    [IterationSetup(Target = nameof(Put))]
    public void BeforePut() => Fill(N - Ops);

    [IterationSetup(Targets = [nameof(Get), nameof(Exists)])]
    public void BeforeReads() => Fill(N);

    [IterationSetup(Target = nameof(Evict))]
    public void BeforeEvict()
    {
        Fill(N);
        Get();
    }

    [IterationCleanup]
    public void Cleanup() => _store.Dispose();

    /// <summary>A new store holding <paramref name="count"/> objects.</summary>
    private void Fill(int count)
    {
        _store = BenchmarkStores.Create(Connector, Metrics, cacheSize: 0);
        _keys = new StoreKey[N];
        for (int i = 0; i < count; i++)
        {
            _keys[i] = _store.Put(_payload);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public void Put()
    {
        for (int i = N - Ops; i < N; i++)
        {
            _keys[i] = _store.Put(_payload);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public int Get()
    {
        int total = 0;
        for (int i = N - Ops; i < N; i++)
        {
            total += _store.Get<byte[]>(_keys[i])!.Length;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public int Exists()
    {
        int found = 0;
        for (int i = N - Ops; i < N; i++)
        {
            found += _store.Exists(_keys[i]) ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public void Evict()
    {
        for (int i = N - Ops; i < N; i++)
        {
            _store.Evict(_keys[i]);
        }
    }
}

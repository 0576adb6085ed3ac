using BenchmarkDotNet.Attributes;
using ProxyStore;

/// <summary>
/// The three operations that docs/benchmarks.md compares with Python ProxyStore, done the way
/// the Python measurement does them: a 1 KiB <c>bytes</c> payload, metrics on, a registered
/// store without a cache (so a get goes to the connector), every put evicted again.
/// </summary>
/// <remarks>
/// A store with metrics keeps every key's metrics for good, in .NET as in Python, so the cost
/// of a put grows with the number of keys the store has seen (the GC, or Python's cycle
/// collector, walks them). Both sides therefore measure <see cref="OpsPerIteration"/>
/// operations on a new store each time, rather than however many millions a run happens to reach.
/// </remarks>
[MemoryDiagnoser]
[InvocationCount(OpsPerIteration)]
public class PythonComparisonBenchmarks
{
    /// <summary>Operations per measured iteration, each iteration on a new store; the Python side uses the same.</summary>
    public const int OpsPerIteration = 4096;

    private Store _store = null!;
    private byte[] _payload = null!;
    private StoreKey _stored = null!;

    [Params(ConnectorKind.Local, ConnectorKind.File)]
    public ConnectorKind Connector { get; set; }

    [GlobalSetup]
    public void Setup() => _payload = BenchmarkStores.Payload(1024);

    [IterationSetup]
    public void NewStore()
    {
        _store = BenchmarkStores.Create(Connector, metrics: true, cacheSize: 0);
        _stored = _store.Put(_payload);
    }

    [IterationCleanup]
    public void DisposeStore() => _store.Dispose();

    /// <summary>Python: <c>store.evict(store.put(data))</c>.</summary>
    [Benchmark]
    public void PutThenEvict() => _store.Evict(_store.Put(_payload));

    /// <summary>Python: <c>store.get(key)</c> with <c>cache_size=0</c>.</summary>
    [Benchmark]
    public byte[]? Get() => _store.Get<byte[]>(_stored);

    /// <summary>Python: <c>len(store.proxy(data, evict=True))</c>: put, make the proxy, resolve it (get and evict).</summary>
    [Benchmark]
    public int ProxyResolve() => _store.Proxy<IList<byte>>(_payload, evict: true).Count;
}

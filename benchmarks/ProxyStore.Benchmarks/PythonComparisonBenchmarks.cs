using BenchmarkDotNet.Attributes;
using ProxyStore;

/// <summary>
/// The three operations that docs/benchmarks.md compares with Python ProxyStore, done the way
/// the Python measurement does them: a 1 KiB <c>bytes</c> payload, metrics on, a registered
/// store without a cache (so a get goes to the connector), every put evicted again.
/// </summary>
[MemoryDiagnoser]
public class PythonComparisonBenchmarks
{
    private Store _store = null!;
    private byte[] _payload = null!;
    private StoreKey _stored = null!;

    [Params(ConnectorKind.Local, ConnectorKind.File)]
    public ConnectorKind Connector { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _store = BenchmarkStores.Create(Connector, metrics: true, cacheSize: 0);
        _payload = BenchmarkStores.Payload(1024);
        _stored = _store.Put(_payload);
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

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

using BenchmarkDotNet.Attributes;
using ProxyStore;

/// <summary>Store operations whose cost depends on the payload: put, get on a cache miss, proxy and resolve.</summary>
[MemoryDiagnoser]
public class StorePayloadBenchmarks
{
    private Store _store = null!;
    private byte[] _payload = null!;
    private StoreKey _stored = null!;

    [Params(ConnectorKind.Local, ConnectorKind.File)]
    public ConnectorKind Connector { get; set; }

    [Params(1024, 1024 * 1024, 10 * 1024 * 1024)]
    public int Size { get; set; }

    [Params(true, false)]
    public bool Metrics { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // No cache: every get goes to the connector.
        _store = BenchmarkStores.Create(Connector, Metrics, cacheSize: 0);
        _payload = BenchmarkStores.Payload(Size);
        _stored = _store.Put(_payload);
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    // Every put is evicted again, or a long run would fill memory or disk; see
    // StoreOperationBenchmarks for the evict on its own.
    [Benchmark]
    public void PutThenEvict() => _store.Evict(_store.Put(_payload));

    [Benchmark]
    public byte[]? GetMiss() => _store.Get<byte[]>(_stored);

    // The proxy evicts its object as it resolves, which keeps the store's size constant.
    [Benchmark]
    public int ProxyAndResolveEvicting() => _store.Proxy<IList<byte>>(_payload, evict: true).Count;
}

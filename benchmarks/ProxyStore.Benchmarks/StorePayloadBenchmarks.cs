using BenchmarkDotNet.Attributes;
using ProxyStore;

/// <summary>
/// Store operations whose cost depends on the payload: put, get on a cache miss, proxy and resolve,
/// on every connector (Redis when <c>PROXYSTORE_TEST_REDIS</c> names a server). docs/benchmarks.md
/// charts their throughput against the payload's size (scripts/bench-report.py).
/// </summary>
[MemoryDiagnoser]
public class StorePayloadBenchmarks
{
    private Store _store = null!;
    private byte[] _payload = null!;
    private StoreKey _stored = null!;

    [ParamsSource(nameof(Connectors))]
    public ConnectorKind Connector { get; set; }

    [ParamsSource(nameof(Sizes))]
    public int Size { get; set; }

    [Params(true, false)]
    public bool Metrics { get; set; }

    public static IEnumerable<ConnectorKind> Connectors() => RedisBenchmarks.Server() is null
        ? [ConnectorKind.Local, ConnectorKind.File, ConnectorKind.SharedMemory]
        : [ConnectorKind.Local, ConnectorKind.File, ConnectorKind.SharedMemory, ConnectorKind.Redis];

    public static IEnumerable<int> Sizes() => BenchmarkMode.Smoke
        ? [1024, 1024 * 1024]
        : [1024, 64 * 1024, 1024 * 1024, 10 * 1024 * 1024];

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

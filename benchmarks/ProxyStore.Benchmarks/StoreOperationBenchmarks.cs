using BenchmarkDotNet.Attributes;
using ProxyStore;

/// <summary>Store operations on a 1 KiB payload: cache hits, exists, evict, batches.</summary>
[MemoryDiagnoser]
public class StoreOperationBenchmarks
{
    private Store _store = null!;
    private byte[] _payload = null!;
    private byte[][] _batch = null!;
    private StoreKey _cached = null!;
    private StoreKey _missing = null!;

    [Params(ConnectorKind.Local, ConnectorKind.File)]
    public ConnectorKind Connector { get; set; }

    [Params(true, false)]
    public bool Metrics { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _store = BenchmarkStores.Create(Connector, Metrics);
        _payload = BenchmarkStores.Payload(1024);
        _batch = Enumerable.Range(0, 10).Select(_ => _payload).ToArray();
        _cached = _store.Put(_payload);
        _store.Get<byte[]>(_cached);
        _missing = _store.Put(_payload);
        _store.Evict(_missing);
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    /// <summary>A hit returning <c>byte[]</c>: the caller gets its own copy of the cached bytes.</summary>
    [Benchmark]
    public byte[]? GetCacheHit() => _store.Get<byte[]>(_cached);

    /// <summary>A hit on the same entry returning <c>ReadOnlyMemory&lt;byte&gt;</c>, which shares the cached bytes: the cache path alone.</summary>
    [Benchmark]
    public ReadOnlyMemory<byte> GetCacheHitShared() => _store.Get<ReadOnlyMemory<byte>>(_cached);

    [Benchmark]
    public bool ExistsCached() => _store.Exists(_cached);

    [Benchmark]
    public bool ExistsMissing() => _store.Exists(_missing);

    [Benchmark]
    public void PutThenEvict() => _store.Evict(_store.Put(_payload));

    [Benchmark]
    public void EvictMissing() => _store.Evict(_missing);

    [Benchmark]
    public void PutBatchOfTenThenEvict()
    {
        foreach (StoreKey key in _store.PutBatch(_batch))
        {
            _store.Evict(key);
        }
    }
}

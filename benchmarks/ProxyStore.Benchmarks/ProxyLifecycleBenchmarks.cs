using BenchmarkDotNet.Attributes;
using ProxyStore;

/// <summary>A <c>[Proxiable]</c> shape that carries 1 KiB: the generator emits <c>BlobProxy</c> for it.</summary>
[Proxiable]
public interface IBlob
{
    int Length { get; }

    byte At(int index);
}

/// <summary>The object behind <see cref="IBlob"/>, serialized as JSON by the default serializer.</summary>
public sealed class Blob(byte[] data) : IBlob
{
    public byte[] Data { get; } = data;

    public int Length => Data.Length;

    public byte At(int index) => Data[index];
}

/// <summary>
/// Issue 19: making a generated <c>[Proxiable]</c> proxy of a 1 KiB object in an in-memory store
/// and resolving it on first use (the put, the reference, the get and deserialization, the
/// factory's metrics when on), with no cache, so every resolution reaches the connector.
/// <c>evict: true</c> removes the object on resolution, and with metrics on the store drops an
/// evicted key's metrics (<see cref="EvictedKeyMetrics.Drop"/>): with the guide's default, which
/// keeps them, millions of benchmark operations would measure a growing heap. Target: at most 3 us.
/// The same with a Castle proxy (<c>IList&lt;byte&gt;</c>, a raw byte array) for comparison, and
/// the serializer's part alone (the object to its frame and back).
/// </summary>
[MemoryDiagnoser]
public class ProxyLifecycleBenchmarks
{
    private Store _store = null!;
    private Blob _blob = null!;
    private byte[] _bytes = null!;

    [Params(false, true)]
    public bool Metrics { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _store = BenchmarkStores.Create(ConnectorKind.Local, metrics: Metrics, cacheSize: 0);
        if (_store.Metrics is { } metrics)
        {
            metrics.Options = new StoreMetricsOptions { EvictedKeys = EvictedKeyMetrics.Drop };
        }

        _bytes = BenchmarkStores.Payload(1024);
        _blob = new Blob(_bytes);
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    [Benchmark(Baseline = true)]
    public byte GeneratedCreateResolve() => _store.Proxy<IBlob>(_blob, evict: true).At(7);

    [Benchmark]
    public byte CastleCreateResolve() => _store.Proxy<IList<byte>>(_bytes, evict: true)[7];

    [Benchmark]
    public byte PutGetEvictObject()
    {
        StoreKey key = _store.Put(_blob);
        Blob? back = _store.Get<Blob>(key);
        _store.Evict(key);
        return back!.At(7);
    }
}

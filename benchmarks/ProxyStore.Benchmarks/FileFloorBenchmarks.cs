using BenchmarkDotNet.Attributes;
using Microsoft.Win32.SafeHandles;
using ProxyStore;
using ProxyStore.Connectors;

/// <summary>
/// Issue 19's file target: a FileConnector store's put (with its evict), get and proxy+resolve
/// beside the raw system calls for the same bytes in the same run (the floor): create a
/// temporary file, write, rename it into place (and delete it); open, size and read it.
/// Metrics on, no cache, so every get reads the file, as in <see cref="PythonComparisonBenchmarks"/>.
/// </summary>
/// <remarks>
/// The store is registered, as the analyzers ask: a proxy of an unregistered store resolves
/// through a second instance made from its config, which kept every resolved key's metrics
/// for good and so measured a growing heap. Evicted keys' metrics are dropped, since the raw
/// side keeps nothing either; keeping them (the guide's default) costs the collector about
/// 2-3 us per key here, which the retained-keys probe measures.
/// </remarks>
[MemoryDiagnoser]
public class FileFloorBenchmarks
{
    private string _directory = null!;
    private Store _store = null!;
    private byte[] _payload = null!;
    private byte[] _framed = null!;
    private StoreKey _stored = null!;
    private string _rawStored = null!;
    private int _next;

    [ParamsSource(nameof(Sizes))]
    public int Size { get; set; }

    /// <summary>1 KiB and 1 MiB; smoke runs 1 KiB only.</summary>
    public static IEnumerable<int> Sizes() => BenchmarkMode.Smoke ? [1024] : [1024, 1024 * 1024];

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "proxystore-floor-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _store = new Store("floor-" + Guid.NewGuid().ToString("N"), new FileConnector(Path.Combine(_directory, "store")), cacheSize: 0, metrics: true, register: true);
        _store.Metrics!.Options = new StoreMetricsOptions { EvictedKeys = EvictedKeyMetrics.Drop };
        _payload = BenchmarkStores.Payload(Size);

        // The raw side writes what the store writes: the payload in its 17-byte frame and tag.
        _framed = new byte[Size + 17];
        _payload.CopyTo(_framed.AsSpan(17));
        _stored = _store.Put(_payload);
        _rawStored = Path.Combine(_directory, "raw-stored");
        RawWrite(_rawStored);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The floor of a put and its evict: create, write, rename, delete.</summary>
    [Benchmark]
    public void RawPutThenDelete()
    {
        string path = Path.Combine(_directory, "raw-" + _next++);
        RawWrite(path);
        File.Delete(path);
    }

    [Benchmark]
    public void StorePutThenEvict() => _store.Evict(_store.Put(_payload));

    /// <summary>The floor of a get: open, size, read.</summary>
    [Benchmark]
    public byte[] RawRead() => File.ReadAllBytes(_rawStored);

    [Benchmark]
    public byte[]? StoreGet() => _store.Get<byte[]>(_stored);

    /// <summary>The floor of a proxy made and resolved with evict: a put, a read and a delete.</summary>
    [Benchmark]
    public int RawPutReadDelete()
    {
        string path = Path.Combine(_directory, "raw-" + _next++);
        RawWrite(path);
        int length = File.ReadAllBytes(path).Length;
        File.Delete(path);
        return length;
    }

    [Benchmark]
    public int StoreProxyResolve() => _store.Proxy<IList<byte>>(_payload, evict: true).Count;

    private void RawWrite(string path)
    {
        string temp = path + ".tmp";
        using (SafeFileHandle handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write))
        {
            RandomAccess.Write(handle, _framed, fileOffset: 0);
        }

        File.Move(temp, path, overwrite: true);
    }
}

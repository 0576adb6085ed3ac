using BenchmarkDotNet.Attributes;
using ProxyStore;
using ProxyStore.Connectors;

/// <summary>Turning a proxy into its reference and back; the size is printed at setup.</summary>
[MemoryDiagnoser]
public class ProxyReferenceBenchmarks
{
    private Store _store = null!;
    private IList<byte> _proxy = null!;
    private byte[] _reference = null!;

    [Params(1024, 10 * 1024 * 1024)]
    public int TargetSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _store = new Store("refs-" + Guid.NewGuid().ToString("N")[..8], new FileConnector(Path.Combine(Path.GetTempPath(), "ps-bench-" + Guid.NewGuid().ToString("N")[..8])), metrics: true, register: true);
        _proxy = _store.Proxy<IList<byte>>(BenchmarkStores.Payload(TargetSize));
        _reference = ProxyReference.Serialize(_proxy);
        Console.WriteLine($"// proxy reference size for a {TargetSize}-byte target: {_reference.Length} bytes");
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    [Benchmark]
    public byte[] Serialize() => ProxyReference.Serialize(_proxy);

    [Benchmark]
    public IList<byte> Deserialize() => ProxyReference.Deserialize<IList<byte>>(_reference);
}

using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using ProxyStore;
using ProxyStore.Connectors;

/// <summary>
/// Issue 31's peer store: a pull of a <c>double[]</c> through <c>Store.Get</c> from its owner,
/// a <see cref="PeerConnector"/> in this process, by a second connector recreated from the
/// owner's config (so every pull crosses loopback sockets, as between processes), beside the
/// floor in the same run: the same bytes over one raw loopback TCP connection into a
/// preallocated array (<see cref="RawLoopback"/>). No cache, so every get pulls.
/// </summary>
/// <remarks>
/// The memory diagnoser's allocation per pull should be about the array's size: the reader
/// reads the socket straight into the array it returns, and the owner sends from the stored
/// frame. Both stores live in this process, so it counts both sides.
/// </remarks>
[MemoryDiagnoser]
public class PeerBenchmarks
{
    private const string SecretVariable = "PROXYSTORE_BENCH_PEER_SECRET";

    private PeerConnector _owner = null!;
    private Store _ownerStore = null!;
    private Store _reader = null!;
    private StoreKey _key = null!;
    private RawLoopback _raw = null!;
    private byte[] _rawDestination = null!;
    private double[] _destination = null!;

    [ParamsSource(nameof(Sizes))]
    public int MiB { get; set; }

    /// <summary>10, 100 and 200 MiB; smoke runs 1 MiB only.</summary>
    public static IEnumerable<int> Sizes() => BenchmarkMode.Smoke ? [1] : [10, 100, 200];

    [GlobalSetup]
    public void Setup()
    {
        // A recreated connector reads the secret from the variable its config names, as another process would.
        Environment.SetEnvironmentVariable(SecretVariable, "proxystore-benchmarks-peer-secret");
        string name = "bench-peer-" + Guid.NewGuid().ToString("N");
        _owner = new PeerConnector(new PeerConnectorOptions { Name = name, SecretVariable = SecretVariable, OwnerWait = TimeSpan.FromMinutes(1) });
        _ownerStore = new Store(name, _owner, cacheSize: 0);
        _reader = new Store(name, _owner.GetConfig().CreateConnector(), cacheSize: 0);

        var value = new double[MiB * 1024 * 1024 / sizeof(double)];
        new Random(31).NextBytes(MemoryMarshal.AsBytes(value.AsSpan()));
        _key = _ownerStore.Put(value);

        _raw = new RawLoopback(MemoryMarshal.AsBytes(value.AsSpan()).ToArray());
        _rawDestination = new byte[value.Length * sizeof(double)];
        _destination = new double[value.Length];
        if (_reader.Get<double[]>(_key)!.Length != value.Length)
        {
            throw new InvalidOperationException("The pulled array is not the stored one.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _reader.Dispose();
        _ownerStore.Dispose();
    }

    /// <summary>The floor: the array's bytes over one kept raw loopback connection into a preallocated array.</summary>
    [Benchmark(Baseline = true)]
    public int RawTcpPull()
    {
        _raw.Pull(_rawDestination);
        return _rawDestination.Length;
    }

    /// <summary>
    /// The anchor: the same, into a new array each time, which any get that returns an array pays
    /// for (fresh memory is faulted in as it is written; on small VMs that costs more than the copy).
    /// </summary>
    [Benchmark]
    public int RawTcpPullNewArray()
    {
        byte[] destination = GC.AllocateUninitializedArray<byte>(_rawDestination.Length);
        _raw.Pull(destination);
        return destination.Length;
    }

    /// <summary>A pull from the owner through the reader's store: authenticated connection (pooled), frame read into the new array.</summary>
    [Benchmark]
    public int StoreGetPull() => _reader.Get<double[]>(_key)!.Length;

    /// <summary>A pull into the caller's own array (<c>Store.GetInto</c>): the same work as the floor, with the handshake's pooled connection, the frame's header and its checksum.</summary>
    [Benchmark]
    public int StoreGetIntoPull() => _reader.GetInto<double>(_key, _destination)!.Value;
}

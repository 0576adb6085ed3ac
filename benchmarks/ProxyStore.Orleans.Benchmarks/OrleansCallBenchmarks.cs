using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.TestingHost;
using ProxyStore;
using ProxyStore.Connectors;
using ProxyStore.Orleans;

/// <summary>The stores the Orleans benchmarks put proxied arguments in.</summary>
public enum OrleansStoreKind
{
    File,
    SharedMemory,
    Redis,

    /// <summary>A <see cref="PeerConnector"/> per silo, the second silo in a process of its own (<see cref="PeerSilos"/>).</summary>
    Peer,
}

/// <summary>
/// Issue 17: a grain call from the client with a byte array, by value (an array parameter,
/// which Orleans copies into the message) and by proxy (an interface parameter, which the
/// ProxyStore filter puts in the store and replaces by its reference; the callee reads it back);
/// and the same through a chain of three grains on alternating silos of a two-silo test cluster
/// that forward it unused to the last, which reads it. MaxMessageBodySize is raised to 256 MiB
/// so that 100 MiB can go by value at all, and the response timeout to 5 minutes.
/// </summary>
[MemoryDiagnoser]
public class OrleansCallBenchmarks
{
    public const string RedisVariable = "PROXYSTORE_TEST_REDIS";

    private static Store? s_store;
    private TestCluster _cluster = null!;
    private IBenchGrain _grain = null!;
    private long[] _route = [];
    private byte[] _data = [];
    private StackExchange.Redis.ConnectionMultiplexer? _rawRedis;
    private RawLoopback? _rawLoopback;
    private string _rawFile = string.Empty;

    /// <summary>Set by <c>--smoke</c>: the smallest size only.</summary>
    public static bool Smoke { get; set; }

    /// <summary>The sizes: all four, or those <c>PROXYSTORE_ORLEANS_SIZES</c> lists (bytes, comma-separated); the smoke run takes the smallest.</summary>
    public static IEnumerable<int> Sizes => Smoke ? [1024]
        : Environment.GetEnvironmentVariable("PROXYSTORE_ORLEANS_SIZES") is { Length: > 0 } sizes
            ? sizes.Split(',').Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture))
            : [1024, 1 << 20, 10 << 20, 100 << 20];

    // Redis too when PROXYSTORE_TEST_REDIS names a server (host:port), as for the other Redis benchmarks.
    /// <summary>The stores: File, SharedMemory and Peer, Redis too when a server is named; or those <c>PROXYSTORE_ORLEANS_STORES</c> lists; the smoke run File and SharedMemory.</summary>
    public static IEnumerable<OrleansStoreKind> Stores => Environment.GetEnvironmentVariable("PROXYSTORE_ORLEANS_STORES") is { Length: > 0 } stores && !Smoke
        ? stores.Split(',').Select(Enum.Parse<OrleansStoreKind>)
        : Smoke ? [OrleansStoreKind.File, OrleansStoreKind.SharedMemory]
        : RedisServer is null
            ? [OrleansStoreKind.File, OrleansStoreKind.SharedMemory, OrleansStoreKind.Peer]
            : [OrleansStoreKind.File, OrleansStoreKind.SharedMemory, OrleansStoreKind.Peer, OrleansStoreKind.Redis];

    private static string? RedisServer => Environment.GetEnvironmentVariable(RedisVariable) is { Length: > 0 } value ? value : null;

    [ParamsSource(nameof(Sizes))]
    public int Size { get; set; }

    [ParamsSource(nameof(Stores))]
    public OrleansStoreKind Store { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        s_store = Store switch
        {
            OrleansStoreKind.Redis => RedisStore(),
            OrleansStoreKind.Peer => PeerSilos.CreateStore(),
            OrleansStoreKind.SharedMemory => new Store("bench-orleans-" + Guid.NewGuid().ToString("N"), new SharedMemoryConnector(), register: true),
            _ => new Store("bench-orleans-" + Guid.NewGuid().ToString("N"), new FileConnector(Path.Combine(Path.GetTempPath(), "proxystore-bench-" + Guid.NewGuid().ToString("N"))), register: true),
        };
        var builder = new TestClusterBuilder(2);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        if (Store == OrleansStoreKind.Peer)
        {
            PeerSilos.Configure(builder, s_store);
        }

        _cluster = builder.Build();
        _cluster.Deploy();
        _data = new byte[Size];
        new Random(42).NextBytes(_data);
        _grain = _cluster.Client.GetGrain<IBenchGrain>(0);
        _route = RouteAcrossSilos();
        _rawFile = Path.Combine(Store == OrleansStoreKind.SharedMemory ? SharedMemoryConnector.DefaultRoot : Path.GetTempPath(), "proxystore-bench-floor-" + Guid.NewGuid().ToString("N"));
        _rawRedis = Store == OrleansStoreKind.Redis ? StackExchange.Redis.ConnectionMultiplexer.Connect(RedisServer!) : null;
        _rawLoopback = Store == OrleansStoreKind.Peer ? new RawLoopback(_data) : null;

        // The proxy path really proxies, and both paths read the same bytes.
        if (!_grain.ArrivedAsProxy(_data).GetAwaiter().GetResult()
            || ByValue().GetAwaiter().GetResult() != ByProxy().GetAwaiter().GetResult()
            || ChainByValue().GetAwaiter().GetResult() != ChainByProxy().GetAwaiter().GetResult())
        {
            throw new InvalidOperationException("The by-proxy path did not proxy, or the two paths disagree.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cluster.StopAllSilos();
        _cluster.Dispose();
        s_store?.Dispose();
        _rawRedis?.Dispose();
        _rawLoopback?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Task<int> ByValue() => _grain.ReadArray(_data);

    [Benchmark]
    public Task<int> ByProxy() => _grain.Read(_data);

    [Benchmark]
    public Task<int> ChainByValue() => _cluster.Client.GetGrain<IBenchGrain>(_route[0]).ForwardArray(_data, _route[1..]);

    [Benchmark]
    public Task<int> ChainByProxy() => _cluster.Client.GetGrain<IBenchGrain>(_route[0]).Forward(_data, _route[1..]);

    /// <summary>
    /// The floor of the proxy path: the store's medium writing, reading and deleting the same bytes
    /// with no ProxyStore and no Orleans (File.WriteAllBytes/ReadAllBytes/Delete, under /dev/shm for
    /// SharedMemory; a raw StackExchange.Redis SET/GET/DEL on the same server; for Peer, the bytes
    /// over a raw loopback TCP connection into a new array).
    /// </summary>
    [Benchmark]
    public async Task<int> StoreFloor()
    {
        byte[] back;
        if (_rawLoopback is { } loopback)
        {
            back = GC.AllocateUninitializedArray<byte>(_data.Length);
            loopback.Pull(back);
        }
        else if (_rawRedis is { } redis)
        {
            StackExchange.Redis.IDatabase db = redis.GetDatabase();
            await db.StringSetAsync(_rawFile, _data).ConfigureAwait(false);
            back = (byte[])(await db.StringGetAsync(_rawFile).ConfigureAwait(false))!;
            await db.KeyDeleteAsync(_rawFile).ConfigureAwait(false);
        }
        else
        {
            await File.WriteAllBytesAsync(_rawFile, _data).ConfigureAwait(false);
            back = await File.ReadAllBytesAsync(_rawFile).ConfigureAwait(false);
            File.Delete(_rawFile);
        }

        return back.Length + back[0] + back[^1];
    }

    private static Store RedisStore()
    {
        string server = RedisServer!;
        var connector = RedisConnector.Connect(server[..server.LastIndexOf(':')], int.Parse(server[(server.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture), new RedisConnectorOptions
        {
            KeyPrefix = "proxystore-bench-orleans:" + Guid.NewGuid().ToString("N")[..8] + ":",
            Clear = true,
            OperationTimeout = TimeSpan.FromMinutes(1),
        });
        return new Store("bench-orleans-" + Guid.NewGuid().ToString("N"), connector, register: true);
    }

    // Stages on silo 1, silo 2, silo 1, found by activating grains (placement is random). Until
    // the client sees both silos, every activation lands on one: each round tries new keys. With
    // the Peer store the chain starts and ends on the silo of the other process, so the last grain
    // pulls the argument from the client's process over the network.
    private long[] RouteAcrossSilos()
    {
        string[] silos = [.. _cluster.GetActiveSilos().OrderBy(s => s is StandaloneSiloHandle ? 0 : 1).Select(s => s.SiloAddress.ToString())];
        string[] wanted = [silos[0], silos[1], silos[0]];
        var route = new List<long>();
        for (long key = 100; route.Count < wanted.Length && key < 10_100; key++)
        {
            if (_cluster.Client.GetGrain<IBenchGrain>(key).Silo().GetAwaiter().GetResult() == wanted[route.Count])
            {
                route.Add(key);
            }
            else if (key % 1_000 == 0)
            {
                Thread.Sleep(TimeSpan.FromSeconds(1));
            }
        }

        return route.Count == wanted.Length ? [.. route] : throw new InvalidOperationException("Could not place the chain across both silos.");
    }

    // A Peer cluster's silo process has no store of this process: it recreates the store from its config.
    private static Action<ProxyStoreOrleansOptions> Configure(IConfiguration configuration) => options =>
    {
        if (s_store is { } store)
        {
            options.AddStore(store);
        }
        else
        {
            options.AddStore(PeerSilos.StoreConfigOf(configuration) ?? throw new InvalidOperationException("A silo process of the benchmarks was started without the peer store's config."));
        }

        options.Policy = ProxyAlways.Instance;
    };

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder
            .AddProxyStore(OrleansCallBenchmarks.Configure(siloBuilder.Configuration))
            .Configure<SiloMessagingOptions>(o =>
            {
                o.MaxMessageBodySize = 256 << 20;
                o.ResponseTimeout = TimeSpan.FromMinutes(5);   // 100 MiB by value along three grains outlasts the default 30 s on a busy VM
            });
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) => clientBuilder
            .AddProxyStore(OrleansCallBenchmarks.Configure(configuration))
            .Configure<ClientMessagingOptions>(o =>
            {
                o.MaxMessageBodySize = 256 << 20;
                o.ResponseTimeout = TimeSpan.FromMinutes(5);
            });
    }
}

/// <summary>
/// The grain of <see cref="OrleansCallBenchmarks"/>. The arrays are <c>[Immutable]</c>, as
/// docs/orleans.md advises for large arguments: Orleans then copies neither path's argument in
/// the caller, where it would otherwise copy it whole before the ProxyStore filter stores it.
/// </summary>
public interface IBenchGrain : IGrainWithIntegerKey
{
    Task<int> ReadArray([Immutable] byte[] data);

    Task<int> Read([Immutable] IReadOnlyList<byte> data);

    Task<bool> ArrivedAsProxy([Immutable] IReadOnlyList<byte> data);

    Task<int> ForwardArray([Immutable] byte[] data, long[] route);

    Task<int> Forward([Immutable] IReadOnlyList<byte> data, long[] route);

    Task<string> Silo();
}

/// <inheritdoc cref="IBenchGrain" />
public sealed class BenchGrain(ILocalSiloDetails silo) : Grain, IBenchGrain
{
    public Task<int> ReadArray(byte[] data) => Task.FromResult(Checksum(data));

    // Resolves the proxy asynchronously (a grain must not block its scheduler on I/O): the whole array comes from the store.
    public async Task<int> Read(IReadOnlyList<byte> data)
    {
        if (Proxies.IsProxy(data))
        {
            await Proxies.ResolveAsync(data).ConfigureAwait(true);
        }

        return Checksum(Proxies.Extract(data) as byte[] ?? [.. data]);
    }

    public Task<bool> ArrivedAsProxy(IReadOnlyList<byte> data) => Task.FromResult(Proxies.IsProxy(data) && !Proxies.IsResolved(data));

    public Task<int> ForwardArray(byte[] data, long[] route) =>
        route is [] ? ReadArray(data) : GrainFactory.GetGrain<IBenchGrain>(route[0]).ForwardArray(data, route[1..]);

    public Task<int> Forward(IReadOnlyList<byte> data, long[] route) =>
        route is [] ? Read(data) : GrainFactory.GetGrain<IBenchGrain>(route[0]).Forward(data, route[1..]);

    public Task<string> Silo() => Task.FromResult(silo.SiloAddress.ToString());

    private static int Checksum(byte[] data) => data.Length + data[0] + data[^1];
}

using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using ProxyStore;
using ProxyStore.Connectors;

/// <summary>
/// The cluster of the <see cref="OrleansStoreKind.Peer"/> store: silo 1 in the benchmark's process,
/// silo 2 in a process of its own (this assembly, started by Orleans' standalone silo handle), each
/// with its own <see cref="PeerConnector"/> of one store. Stores are found through a registry per
/// process, so silos of one process would share one connector and never pull from each other.
/// </summary>
internal static class PeerSilos
{
    private const string SecretVariable = "PROXYSTORE_BENCH_PEER_SECRET";
    private const string StoreConfigProperty = "ProxyStoreBench:PeerStore";

    /// <summary>The store of this process; the silo process recreates it from its config, with the secret from the environment it inherits.</summary>
    public static Store CreateStore()
    {
        Environment.SetEnvironmentVariable(SecretVariable, "proxystore-benchmarks-orleans-peer-secret");
        string name = "bench-orleans-peer-" + Guid.NewGuid().ToString("N");
        return new Store(name, new PeerConnector(new PeerConnectorOptions { Name = name, SecretVariable = SecretVariable, OwnerWait = TimeSpan.FromMinutes(1) }), register: true);
    }

    /// <summary>Makes <paramref name="builder"/>'s first silo start here and the second in a process of its own, over TCP.</summary>
    public static void Configure(TestClusterBuilder builder, Store store)
    {
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Properties[StoreConfigProperty] = JsonSerializer.Serialize(store.ToConfig());
        Func<string, IConfiguration, Task<SiloHandle>> separate = StandaloneSiloHandle.CreateForAssembly(typeof(PeerSilos).Assembly);
        int started = 0;
        builder.CreateSiloAsync = async (silo, configuration) =>
            Interlocked.Increment(ref started) == 1 ? await InProcessSiloHandle.CreateAsync(silo, configuration) : await separate(silo, configuration);
    }

    /// <summary>The peer store's config a silo process was given, or null in a cluster of another store.</summary>
    public static StoreConfig? StoreConfigOf(IConfiguration configuration) =>
        configuration[StoreConfigProperty] is { } json ? JsonSerializer.Deserialize<StoreConfig>(json) : null;

    /// <summary>Whether this process was started as a silo: the arguments <see cref="StandaloneSiloHandle"/> passes (parent id, configuration).</summary>
    public static bool IsSiloProcess(string[] args) => args.Length == 2 && int.TryParse(args[0], out _) && args[1].StartsWith('[');
}

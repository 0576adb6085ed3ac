using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using ProxyStore.Connectors;

namespace ProxyStore.Orleans.Tests.Peer;

/// <summary>
/// A two-silo cluster whose large grain arguments and results go through a peer store, with the
/// second silo in a process of its own (<see cref="PeerSiloProcess"/>): the first silo and the
/// client run in the test process and share its <see cref="Store"/>, whose
/// <see cref="PeerConnector"/> serves this process's objects; the second silo's process builds
/// the same store (same name, same secret from the environment it inherits) from its config,
/// with a connector of its own that serves that process's objects on an endpoint of its own.
/// </summary>
/// <remarks>
/// Stores are found through <see cref="StoreRegistry"/>, one per process: silos of one process
/// would share a single connector and read each other's objects from memory, so only a second
/// process shows a pull between silos. The silos talk over loopback TCP, as separate processes must.
/// </remarks>
public sealed class PeerClusterFixture : IAsyncLifetime
{
    /// <summary>Arguments and results above this many bytes travel as proxies.</summary>
    public const int Threshold = 64 * 1024;

    /// <summary>The environment variable holding the store's secret; the second silo's process inherits it.</summary>
    public const string SecretVariable = "PROXYSTORE_ORLEANS_PEER_TEST_SECRET";

    /// <summary>How long the store waits for an owner; a test that stops one waits this long for its error.</summary>
    public static readonly TimeSpan OwnerWait = TimeSpan.FromSeconds(5);

    private const string StoreConfigProperty = "ProxyStoreTests:PeerStore";

    /// <summary>The cluster.</summary>
    public TestCluster Cluster { get; private set; } = null!;

    /// <summary>The store of the test process: the first silo's and the client's.</summary>
    public Store Store { get; private set; } = null!;

    /// <summary>The test process's connector, serving the first silo's objects.</summary>
    public PeerConnector Connector => (PeerConnector)Store.Connector;

    /// <summary>The silo in the test process.</summary>
    public SiloHandle LocalSilo { get; private set; } = null!;

    /// <summary>The silo in a process of its own.</summary>
    public SiloHandle RemoteSilo { get; private set; } = null!;

    /// <summary>The cluster store's config a silo was given.</summary>
    public static StoreConfig StoreConfigOf(IConfiguration configuration) =>
        JsonSerializer.Deserialize<StoreConfig>(configuration[StoreConfigProperty] ?? throw new InvalidOperationException("The peer cluster's configuration holds no store config."))!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(SecretVariable, "orleans-peer-tests-shared-secret-0123456789");
        string name = $"orleans-peer-{Guid.NewGuid():N}";
        var connector = new PeerConnector(new PeerConnectorOptions { Name = name, SecretVariable = SecretVariable, OwnerWait = OwnerWait });
        Store = new Store(name, connector, register: true);

        var builder = new TestClusterBuilder(2);
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Properties[StoreConfigProperty] = JsonSerializer.Serialize(Store.ToConfig());
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();

        // The first silo (the primary) runs here; the other in a process of its own.
        Func<string, IConfiguration, Task<SiloHandle>> separate = StandaloneSiloHandle.CreateForAssembly(typeof(PeerSiloProcess).Assembly);
        int started = 0;
        builder.CreateSiloAsync = async (silo, configuration) =>
            Interlocked.Increment(ref started) == 1 ? await InProcessSiloHandle.CreateAsync(silo, configuration) : await separate(silo, configuration);
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        await Cluster.WaitForLivenessToStabilizeAsync();
        LocalSilo = Cluster.Primary!;
        RemoteSilo = Cluster.SecondarySilos.Single();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Store.DisposeAsync();
    }

    /// <summary>
    /// A grain placed on <paramref name="silo"/>. Placement is random, and a silo that has just
    /// joined gets grains only once every silo knows it: grains are activated until one lands
    /// there, for up to a minute.
    /// </summary>
    public async Task<IPeerGrain> GrainOn(SiloHandle silo, long from)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        for (long id = from; ; id++)
        {
            IPeerGrain grain = Cluster.Client.GetGrain<IPeerGrain>(id);
            if ((await grain.Place()).Silo == silo.SiloAddress.ToString())
            {
                return grain;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"No grain of ids {from} to {id} was placed on {silo.SiloAddress} within a minute.");
            }

            if ((id - from) % 50 == 49)
            {
                await Task.Delay(200);
            }
        }
    }

    private static Action<ProxyStoreOrleansOptions> Configure(IConfiguration configuration) => options =>
    {
        options.AddStore(StoreConfigOf(configuration));
        options.Policy = new ProxyLargerThan(Threshold);
    };

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.AddProxyStore(PeerClusterFixture.Configure(siloBuilder.Configuration));
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) => clientBuilder.AddProxyStore(PeerClusterFixture.Configure(configuration));
    }
}

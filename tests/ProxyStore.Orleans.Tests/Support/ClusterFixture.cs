using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.TestingHost;
using ProxyStore.Connectors;
using ProxyStore.Tests.Redis;

namespace ProxyStore.Orleans.Tests.Support;

/// <summary>
/// One Orleans test cluster (two silos and a client, in this process, talking over loopback
/// TCP) shared by every cluster test, with one metered store on the tests' real Redis server
/// under a key prefix of its own. Silos and client proxy arguments and results larger than
/// <see cref="Threshold"/>; a selected value of a parameter that cannot be proxied goes by value
/// with a warning (<see cref="ThrowingClusterFixture"/> makes the call fail instead).
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    /// <summary>Arguments and results above this many bytes travel as proxies.</summary>
    public const int Threshold = 64 * 1024;

    // The configurators are made by the test cluster with no arguments: they find their fixture
    // here, by the id the cluster's configuration holds.
    private const string FixtureIdProperty = "ProxyStoreTests:Fixture";
    private static readonly ConcurrentDictionary<string, ClusterFixture> Fixtures = new();

    private readonly string _id = Guid.NewGuid().ToString("N");
    private readonly NonProxiableParameters _nonProxiable;

    /// <summary>The shared cluster's fixture: selected values of non-proxiable parameters go by value.</summary>
    public ClusterFixture()
        : this(NonProxiableParameters.LogAndSendByValue)
    {
    }

    /// <summary>A fixture whose silos and client treat selected values of non-proxiable parameters as <paramref name="nonProxiable"/> says.</summary>
    protected ClusterFixture(NonProxiableParameters nonProxiable) => _nonProxiable = nonProxiable;

    /// <summary>The cluster.</summary>
    public TestCluster Cluster { get; private set; } = null!;

    /// <summary>The store every silo and the client use (one instance: they share this process's registry).</summary>
    public Store Store { get; private set; } = null!;

    /// <summary>The Redis key prefix of <see cref="Store"/>.</summary>
    public string Prefix { get; } = RedisTestServer.UniquePrefix("orleans");

    /// <summary>The client's log, for the warnings of the call filters.</summary>
    public static CapturingLoggerProvider ClientLog { get; } = new();


    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        // A 200 MB put on a busy shared machine can take longer than the default 5 s.
        var connector = new RedisConnector(RedisTestServer.Host, RedisTestServer.Port, new RedisConnectorOptions { KeyPrefix = Prefix, Clear = true, OperationTimeout = TimeSpan.FromMinutes(1) });
        Store = new Store($"orleans-tests-{Guid.NewGuid():N}", connector, metrics: true);
        Fixtures[_id] = this;

        var builder = new TestClusterBuilder(2);
        builder.Properties[FixtureIdProperty] = _id;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Store.DisposeAsync();
        Fixtures.TryRemove(_id, out _);
    }

    /// <summary>
    /// Replaces the cluster's client with a new one: a client that refused a message over
    /// Orleans' size limit goes on retrying it in the background and drops its connections each
    /// time, which fails the calls of whichever test comes next.
    /// </summary>
    public async Task ReplaceClientAsync()
    {
        await Cluster.KillClientAsync();
        await Cluster.InitializeClientAsync();
    }

    /// <summary>The Redis keys of the store now.</summary>
    public string[] Keys() => RedisTestServer.KeysUnder(Prefix);

    private static Action<ProxyStoreOrleansOptions> Configure(IConfiguration configuration)
    {
        ClusterFixture fixture = Fixtures[configuration[FixtureIdProperty] ?? throw new InvalidOperationException("The test cluster's configuration names no fixture.")];
        return options =>
        {
            options.AddStore(fixture.Store);
            options.Policy = new ProxyLargerThan(Threshold);
            options.NonProxiable = fixture._nonProxiable;
        };
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddProxyStore(ClusterFixture.Configure(siloBuilder.Configuration));

            // A request to a silo that dies is failed by the membership protocol; these make it declare the silo dead sooner.
            siloBuilder.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 1;
                o.NumVotesForDeathDeclaration = 1;
            });
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
        {
            clientBuilder.AddProxyStore(ClusterFixture.Configure(configuration));
            clientBuilder.Services.AddSingleton<ILoggerProvider>(ClientLog);
        }
    }
}

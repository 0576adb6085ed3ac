using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ProxyStore.Connectors;
using ProxyStore.Extensions.Hosting.Tests.Support;

namespace ProxyStore.Extensions.Hosting.Tests;

/// <summary>
/// Stores of <c>Kind: Peer</c> from configuration, over real loopback sockets: hosts of one peer
/// store pull each other's objects, the store's name scopes it, a missing or short secret stops
/// the start naming its key and variable, and the secret shows in no log, message, config or
/// health data.
/// </summary>
public sealed class PeerStoreTests
{
    private readonly string _secret = "peer-hosting-secret-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Two_hosts_of_one_peer_store_pull_each_others_arrays_bit_for_bit()
    {
        // One process can register a store name once (StoreRegistry is process-wide), so the two
        // hosts here name their stores apart and give the peer store's Name: processes of their
        // own would share the store name, which is the peer Name by default.
        string shared = TestHost.Name("peer-shared");
        string first = TestHost.Name("peer-first"), second = TestHost.Name("peer-second");
        string variable = "PROXYSTORE_HOSTING_TEST_PEER_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, _secret);
        try
        {
            var firstSettings = Settings(first, ("Secret", _secret), ("Name", shared));
            var secondSettings = Settings(second, ("SecretVariable", variable), ("Name", shared));
            using IHost one = await Start(firstSettings, new CapturingLoggerProvider());
            using IHost two = await Start(secondSettings, new CapturingLoggerProvider());
            Store a = one.Services.GetRequiredKeyedService<Store>(first);
            Store b = two.Services.GetRequiredKeyedService<Store>(second);
            double[] fromA = [.. Enumerable.Range(0, 1 << 20).Select(i => Math.Cos(i) * 1e200)];
            fromA[3] = BitConverter.Int64BitsToDouble(0x7FF8_0000_0BAD_F00D);
            double[] fromB = [.. Enumerable.Range(0, 1000).Select(i => -i / 3.0)];

            StoreKey keyA = await a.PutAsync(fromA);
            StoreKey keyB = await b.PutAsync(fromB);

            Assert.StartsWith(((PeerConnector)a.Connector).Endpoint + "/", keyA.Id, StringComparison.Ordinal);
            double[] gotA = (await b.GetAsync<double[]>(keyA))!;
            Assert.True(fromA.AsSpan().SequenceEqual(gotA), "The array host two pulled from host one differs.");
            Assert.Equal(BitConverter.DoubleToInt64Bits(fromA[3]), BitConverter.DoubleToInt64Bits(gotA[3]));
            Assert.Equal(fromB, a.Get<double[]>(keyB));
            await one.StopAsync();
            await two.StopAsync();
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task A_peer_store_is_named_after_its_store_and_a_store_of_another_name_sees_none_of_its_objects()
    {
        string name = TestHost.Name("peer-orders"), other = TestHost.Name("peer-other");
        using IHost one = await Start(Settings(name, ("Secret", _secret), ("OwnerWait", "00:00:02")), new CapturingLoggerProvider());
        using IHost two = await Start(Settings(other, ("Secret", _secret)), new CapturingLoggerProvider());
        Store orders = one.Services.GetRequiredKeyedService<Store>(name);
        Store stranger = two.Services.GetRequiredKeyedService<Store>(other);
        var connector = (PeerConnector)orders.Connector;

        StoreKey key = orders.Put("an order");

        Assert.Equal(name, connector.Name);
        Assert.Equal(TimeSpan.FromSeconds(2), connector.OwnerWait);
        Assert.Equal(other, ((PeerConnector)stranger.Connector).Name);
        Assert.False(stranger.Exists(key));
        Assert.Null(stranger.Get<string>(key));
        Assert.Equal("an order", orders.Get<string>(key));
        await one.StopAsync();
        await two.StopAsync();
    }

    [Fact]
    public async Task A_missing_secret_fails_the_start_naming_the_key_and_the_variable()
    {
        string name = TestHost.Name("peer-nosecret");
        string variable = "PROXYSTORE_HOSTING_TEST_UNSET_" + Guid.NewGuid().ToString("N");
        HostApplicationBuilder builder = TestHost.Builder(Settings(name, ("SecretVariable", variable)), new CapturingLoggerProvider());
        builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));
        using IHost host = builder.Build();

        var error = await Assert.ThrowsAsync<ProxyStoreConfigurationException>(() => host.StartAsync());

        string problem = Assert.Single(error.Problems);
        Assert.StartsWith($"ProxyStore:Stores:{name}:Connector:Secret: is required", problem, StringComparison.Ordinal);
        Assert.Contains($"the environment variable {variable}", problem, StringComparison.Ordinal);
        Assert.Null(StoreRegistry.Get(name));
    }

    [Fact]
    public async Task A_short_secret_and_a_store_name_no_peer_can_carry_are_refused_naming_their_keys()
    {
        string name = TestHost.Name("peer-short");
        string shortSecret = "tiny-secret";
        var settings = Settings(name, ("Secret", shortSecret));
        settings["ProxyStore:Stores:my.cache:Connector:Kind"] = "Peer";
        settings["ProxyStore:Stores:my.cache:Connector:Secret"] = _secret;
        HostApplicationBuilder builder = TestHost.Builder(settings, new CapturingLoggerProvider());
        builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));
        using IHost host = builder.Build();

        var error = await Assert.ThrowsAsync<ProxyStoreConfigurationException>(() => host.StartAsync());

        Assert.Equal(2, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.StartsWith($"ProxyStore:Stores:{name}:Connector:Secret: the secret (from Secret) has 11 bytes; it needs at least 16", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("ProxyStore:Stores:my.cache:Connector:Name: is required: the store name 'my.cache'", StringComparison.Ordinal));
        Assert.DoesNotContain(shortSecret, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_secret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_secret_is_in_no_log_line_message_config_or_health_data_and_refusals_are_logged_by_the_store()
    {
        string name = TestHost.Name("peer-quiet"), intruder = TestHost.Name("peer-intruder");
        string wrong = "a-different-secret-" + Guid.NewGuid().ToString("N");
        var logs = new CapturingLoggerProvider();
        var intruderLogs = new CapturingLoggerProvider();
        HostApplicationBuilder builder = TestHost.Builder(Settings(name, ("Secret", _secret)), logs);
        builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));
        builder.Services.AddHealthChecks().AddProxyStore();
        using IHost host = builder.Build();
        await host.StartAsync();
        using IHost other = await Start(Settings(intruder, ("Secret", wrong), ("Name", name)), intruderLogs);
        Store store = host.Services.GetRequiredKeyedService<Store>(name);
        StoreKey key = store.Put("guarded");

        HealthReport health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        var refused = Assert.Throws<PeerAuthenticationException>(() => other.Services.GetRequiredKeyedService<Store>(intruder).Get<string>(key));
        string config = store.Connector.GetConfig().ToString();

        // The intruder hangs up on the owner's proof; the owner logs that on its own thread.
        SpinWait.SpinUntil(() => logs.Entries.Any(IsRefusal), TimeSpan.FromSeconds(30));
        await other.StopAsync();
        await host.StopAsync();

        Assert.Equal(HealthStatus.Healthy, health.Status);
        Assert.Equal("answers", health.Entries["proxystore"].Data[name]);
        Assert.Contains(logs.Entries, IsRefusal);
        Assert.Contains(PeerConnectorOptions.DefaultSecretVariable, config, StringComparison.Ordinal);
        string everything = string.Join(
            '\n',
            logs.AllText,
            intruderLogs.AllText,
            refused.ToString(),
            config,
            store.ToString(),
            string.Join(' ', health.Entries["proxystore"].Data.Values));
        Assert.DoesNotContain(_secret, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, everything, StringComparison.Ordinal);
    }

    private static bool IsRefusal(CapturingLoggerProvider.LogEntry entry) =>
        entry.Category == "ProxyStore.Store" && entry.Level == LogLevel.Warning && entry.Message.Contains("refused a connection", StringComparison.Ordinal);

    private static async Task<IHost> Start(Dictionary<string, string?> settings, CapturingLoggerProvider logs)
    {
        HostApplicationBuilder builder = TestHost.Builder(settings, logs);
        builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));
        IHost host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static Dictionary<string, string?> Settings(string name, params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?> { [$"ProxyStore:Stores:{name}:Connector:Kind"] = "Peer" };
        foreach ((string key, string value) in settings)
        {
            all[$"ProxyStore:Stores:{name}:Connector:{key}"] = value;
        }

        return all;
    }
}

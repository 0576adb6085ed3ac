using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ProxyStore.Extensions.Hosting.Tests.Support;
using ProxyStore.Tests.Support;

namespace ProxyStore.Extensions.Hosting.Tests;

/// <summary>A bad configuration stops the host's start with every problem, each naming its key; nothing is left made or registered.</summary>
public sealed class ConfigurationValidationTests
{
    [Fact]
    public async Task Every_bad_setting_is_reported_at_start_naming_its_key()
    {
        string good = TestHost.Name("good");
        var settings = new Dictionary<string, string?>
        {
            [$"ProxyStore:Stores:{good}:Connector:Kind"] = "Local",
            ["ProxyStore:Stores:port:Connector:Kind"] = "Redis",
            ["ProxyStore:Stores:port:Connector:Host"] = "localhost",
            ["ProxyStore:Stores:port:Connector:Port"] = "70000",
            ["ProxyStore:Stores:kind:Connector:Kind"] = "Memcached",
            ["ProxyStore:Stores:none:Metrics"] = "true",
            ["ProxyStore:Stores:cache:Connector:Kind"] = "Local",
            ["ProxyStore:Stores:cache:CacheSize"] = "-1",
            ["ProxyStore:Stores:bytes:Connector:Kind"] = "Local",
            ["ProxyStore:Stores:bytes:CacheBytes"] = "-64",
            ["ProxyStore:Stores:typo:Connector:Kind"] = "File",
            ["ProxyStore:Stores:typo:Connector:Directory"] = "/tmp/never-made",
            ["ProxyStore:Stores:typo:Connector:Clera"] = "true",
            ["ProxyStore:Stores:flag:Connector:Kind"] = "Local",
            ["ProxyStore:Stores:flag:Metrics"] = "yes",
            ["ProxyStore:Stores:dir:Connector:Kind"] = "File",
            ["ProxyStore:Stores:serializer:Connector:Kind"] = "Local",
            ["ProxyStore:Stores:serializer:Serializer"] = "No.Such.Serializer, Nowhere",
        };
        HostApplicationBuilder builder = TestHost.Builder(settings, new CapturingLoggerProvider());
        builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));
        using IHost host = builder.Build();

        var error = await Assert.ThrowsAsync<ProxyStoreConfigurationException>(() => host.StartAsync());

        Assert.Contains(error.Problems, p => p.StartsWith("ProxyStore:Stores:port:Connector:Port: '70000'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("ProxyStore:Stores:kind:Connector:Kind: 'Memcached' is not a connector kind", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("ProxyStore:Stores:none:Connector: is required", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("ProxyStore:Stores:cache:CacheSize: '-1'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("ProxyStore:Stores:bytes:CacheBytes: '-64'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("ProxyStore:Stores:typo:Connector:Clera: is not a setting here", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("ProxyStore:Stores:flag:Metrics: 'yes' is not true or false", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("ProxyStore:Stores:dir:Connector:Directory: is required", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("ProxyStore:Stores:serializer:Serializer: ", StringComparison.Ordinal) && p.Contains("No.Such.Serializer", StringComparison.Ordinal));
        Assert.Equal(9, error.Problems.Count);
        Assert.All(error.Problems, p => Assert.Contains(p, error.Message, StringComparison.Ordinal));

        // Validation comes before anything is made: the good store was neither made nor registered.
        Assert.Null(StoreRegistry.Get(good));
        Assert.False(Directory.Exists("/tmp/never-made"));
    }

    [Fact]
    public async Task Bad_multi_connector_settings_name_the_inner_connector_and_policy_keys()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ProxyStore:Stores:empty:Connector:Kind"] = "Multi",
            ["ProxyStore:Stores:routed:Connector:Kind"] = "Multi",
            ["ProxyStore:Stores:routed:Connector:Connectors:inner:Kind"] = "Multi",
            ["ProxyStore:Stores:routed:Connector:Connectors:small:Kind"] = "Local",
            ["ProxyStore:Stores:routed:Connector:Connectors:small:Policy:MaxSizeBytes"] = "lots",
            ["ProxyStore:Stores:routed:Connector:Connectors:small:Policy:Weight"] = "2",
        };
        HostApplicationBuilder builder = TestHost.Builder(settings, new CapturingLoggerProvider());
        builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));
        using IHost host = builder.Build();

        var error = await Assert.ThrowsAsync<ProxyStoreConfigurationException>(() => host.StartAsync());

        Assert.Contains(error.Problems, p => p.StartsWith("ProxyStore:Stores:empty:Connector:Connectors: is required", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("ProxyStore:Stores:routed:Connector:Connectors:inner:Kind: a Multi connector cannot hold another", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("ProxyStore:Stores:routed:Connector:Connectors:small:Policy:MaxSizeBytes: 'lots'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("ProxyStore:Stores:routed:Connector:Connectors:small:Policy:Weight: is not a setting here", StringComparison.Ordinal));
        Assert.Equal(4, error.Problems.Count);
    }

    [Fact]
    public async Task A_section_without_stores_is_an_error_naming_the_section()
    {
        HostApplicationBuilder builder = TestHost.Builder(new Dictionary<string, string?> { ["Other:Key"] = "1" }, new CapturingLoggerProvider());
        builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));
        using IHost host = builder.Build();

        var error = await Assert.ThrowsAsync<ProxyStoreConfigurationException>(() => host.StartAsync());

        Assert.StartsWith("ProxyStore:Stores: lists no stores", Assert.Single(error.Problems));
    }

    [Fact]
    public async Task A_store_that_cannot_be_made_stops_the_start_naming_its_section_and_closes_nothing_of_others()
    {
        using var temp = new TempDirectory();
        string blocked = TestHost.Name("blocked");
        File.WriteAllText(temp.Sub("a-file"), "in the way");
        var settings = new Dictionary<string, string?>
        {
            [$"ProxyStore:Stores:{blocked}:Connector:Kind"] = "File",
            [$"ProxyStore:Stores:{blocked}:Connector:Directory"] = Path.Combine(temp.Sub("a-file"), "below"),
        };
        HostApplicationBuilder builder = TestHost.Builder(settings, new CapturingLoggerProvider());
        builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));
        using IHost host = builder.Build();

        var error = await Assert.ThrowsAsync<ProxyStoreConfigurationException>(() => host.StartAsync());

        Assert.StartsWith($"ProxyStore:Stores:{blocked}: store '{blocked}' cannot be made", Assert.Single(error.Problems));
        Assert.IsType<ProxyStore.Connectors.FileConnectorException>(error.InnerException);
        Assert.Null(StoreRegistry.Get(blocked));
        Assert.Equal("in the way", File.ReadAllText(temp.Sub("a-file")));
    }

    [Fact]
    public async Task A_name_another_store_holds_in_the_registry_stops_the_start_and_leaves_that_store_alone()
    {
        string name = TestHost.Name("taken");
        using var existing = new Store(name, new Connectors.LocalConnector(), register: true);
        HostApplicationBuilder builder = TestHost.Builder(
            new Dictionary<string, string?> { [$"ProxyStore:Stores:{name}:Connector:Kind"] = "Local" },
            new CapturingLoggerProvider());
        builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));
        using IHost host = builder.Build();

        var error = await Assert.ThrowsAsync<ProxyStoreConfigurationException>(() => host.StartAsync());

        Assert.Contains($"ProxyStore:Stores:{name}: another store named '{name}' is registered", error.Message);
        Assert.Same(existing, StoreRegistry.Get(name));
        Assert.False(existing.IsDisposed);
    }

    [Fact]
    public void A_name_added_twice_is_refused_when_services_are_added()
    {
        var services = new ServiceCollection();
        ProxyStoreBuilder builder = services.AddProxyStore().AddStore("twice", _ => new Connectors.LocalConnector());

        var error = Assert.Throws<ArgumentException>(() => builder.AddStore("twice", _ => new Connectors.LocalConnector()));

        Assert.Contains("'twice' was added twice", error.Message);
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ProxyStore.Connectors;
using ProxyStore.Extensions.Hosting.Tests.Support;
using ProxyStore.Tests.Support;

namespace ProxyStore.Extensions.Hosting.Tests;

/// <summary>Store settings are named <see cref="StoreOptions"/>: what the options pattern promises applies to them.</summary>
public sealed class OptionsPatternTests
{
    [Fact]
    public async Task Configure_after_the_configuration_overrides_what_the_section_says_and_keeps_the_rest()
    {
        string name = TestHost.Name("configured");
        HostApplicationBuilder builder = TestHost.Builder(Local(name, cacheSize: "8"), new CapturingLoggerProvider());
        builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));
        builder.Services.Configure<StoreOptions>(name, o => o.Metrics = true);
        using IHost host = builder.Build();
        await host.StartAsync();

        Store store = host.Services.GetRequiredKeyedService<Store>(name);

        Assert.NotNull(store.Metrics);
        Assert.Equal(8, store.CacheSize);
        Assert.IsType<LocalConnector>(store.Connector);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_configuration_source_added_after_AddProxyStore_applies()
    {
        string name = TestHost.Name("late-source");
        HostApplicationBuilder builder = TestHost.Builder(Local(name, cacheSize: "8"), new CapturingLoggerProvider());
        builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [$"ProxyStore:Stores:{name}:CacheSize"] = "2" });
        using IHost host = builder.Build();
        await host.StartAsync();

        Assert.Equal(2, host.Services.GetRequiredKeyedService<Store>(name).CacheSize);
        await host.StopAsync();
    }

    [Fact]
    public async Task The_options_of_a_store_added_in_code_are_named_by_the_store_and_seen_through_IOptionsMonitor()
    {
        using var temp = new TempDirectory();
        string name = TestHost.Name("in-code");
        HostApplicationBuilder builder = TestHost.Builder(new Dictionary<string, string?>(), new CapturingLoggerProvider());
        builder.Services.AddProxyStore().AddStore(name, _ => new FileConnector(temp.Sub("objects")), o => o.CacheSize = 5);
        builder.Services.PostConfigure<StoreOptions>(name, o => o.CacheBytes = 4096);
        using IHost host = builder.Build();
        await host.StartAsync();

        Store store = host.Services.GetRequiredKeyedService<Store>(name);
        StoreOptions options = host.Services.GetRequiredService<IOptionsMonitor<StoreOptions>>().Get(name);

        Assert.Equal((5, 4096L), (store.CacheSize, store.CacheBytes));
        Assert.Equal((5, 4096L), (options.CacheSize, options.CacheBytes));
        Assert.IsType<FileConnector>(store.Connector);
        await host.StopAsync();
    }

    [Fact]
    public async Task An_application_validator_fails_the_start_beside_the_configuration_problems()
    {
        string good = TestHost.Name("validated");
        string bad = TestHost.Name("bad");
        var settings = Local(good, cacheSize: "8");
        settings[$"ProxyStore:Stores:{bad}:Connector:Kind"] = "Memcached";
        HostApplicationBuilder builder = TestHost.Builder(settings, new CapturingLoggerProvider());
        builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));
        builder.Services.AddOptions<StoreOptions>(good).Validate(o => o.Metrics, "metrics must be on in this application");
        using IHost host = builder.Build();

        var error = await Assert.ThrowsAsync<ProxyStoreConfigurationException>(() => host.StartAsync());

        Assert.Contains("metrics must be on in this application", error.Problems);
        Assert.Contains(error.Problems, p => p.StartsWith($"ProxyStore:Stores:{bad}:Connector:Kind: 'Memcached'", StringComparison.Ordinal));
        Assert.Equal(2, error.Problems.Count);
        Assert.Null(StoreRegistry.Get(good));
    }

    [Fact]
    public async Task ValidateOnStart_of_the_application_sees_the_store_options()
    {
        string name = TestHost.Name("on-start");
        HostApplicationBuilder builder = TestHost.Builder(Local(name, cacheSize: "8"), new CapturingLoggerProvider());
        builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));
        builder.Services.AddOptions<StoreOptions>(name).Validate(o => o.CacheSize <= 4, "at most 4 cached objects").ValidateOnStart();
        using IHost host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(name, error.OptionsName);
        Assert.Contains("at most 4 cached objects", error.Failures);
    }

    private static Dictionary<string, string?> Local(string name, string cacheSize) => new()
    {
        [$"ProxyStore:Stores:{name}:Connector:Kind"] = "Local",
        [$"ProxyStore:Stores:{name}:CacheSize"] = cacheSize,
    };
}

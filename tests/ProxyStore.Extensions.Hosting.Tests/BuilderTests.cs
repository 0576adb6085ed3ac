using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ProxyStore.Connectors;
using ProxyStore.Extensions.Hosting.Tests.Support;
using ProxyStore.Tests.Support;

namespace ProxyStore.Extensions.Hosting.Tests;

/// <summary>The builder form: stores added in code beside configured ones, made, registered and disposed the same way.</summary>
public sealed class BuilderTests
{
    [Fact]
    public async Task Stores_added_in_code_are_keyed_registered_and_disposed_with_the_host()
    {
        using var temp = new TempDirectory();
        string fromConnector = TestHost.Name("code-connector");
        string fromFactory = TestHost.Name("code-factory");
        string configured = TestHost.Name("configured");
        HostApplicationBuilder builder = TestHost.Builder(
            new Dictionary<string, string?> { [$"ProxyStore:Stores:{configured}:Connector:Kind"] = "Local" },
            new CapturingLoggerProvider());
        builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"))
            .AddStore(fromConnector, _ => new FileConnector(temp.Sub("code")), options =>
            {
                options.Metrics = true;
                options.CacheSize = 0;
                options.CacheBytes = 4096;
            });
        builder.Services.AddProxyStore(proxyStore =>
            proxyStore.AddStore(fromFactory, _ => new Store(fromFactory, new LocalConnector(), metrics: true)));
        using IHost host = builder.Build();
        await host.StartAsync();

        Store first = host.Services.GetRequiredKeyedService<Store>(fromConnector);
        Store second = host.Services.GetRequiredKeyedService<Store>(fromFactory);
        Store third = host.Services.GetRequiredKeyedService<Store>(configured);

        Assert.Equal(0, first.CacheSize);
        Assert.Equal(4096, first.CacheBytes);
        Assert.NotNull(first.Metrics);
        Assert.Same(first, StoreRegistry.Get(fromConnector));
        Assert.Same(second, StoreRegistry.Get(fromFactory));
        Assert.Same(third, StoreRegistry.Get(configured));
        Assert.True(Directory.Exists(temp.Sub("code")));
        await host.StopAsync();

        Assert.True(first.IsDisposed && second.IsDisposed && third.IsDisposed);
        Assert.False(Directory.Exists(temp.Sub("code")));
    }

    [Fact]
    public async Task A_factory_store_with_another_name_is_refused_without_clearing_its_storage()
    {
        using var temp = new TempDirectory();
        string name = TestHost.Name("misnamed");
        Directory.CreateDirectory(temp.Sub("kept"));
        File.WriteAllText(Path.Combine(temp.Sub("kept"), "other"), "someone's");
        HostApplicationBuilder builder = TestHost.Builder(new Dictionary<string, string?>(), new CapturingLoggerProvider());
        builder.Services.AddProxyStore().AddStore(name, _ => new Store("not-" + name, new FileConnector(temp.Sub("kept"))));
        using IHost host = builder.Build();

        var error = await Assert.ThrowsAsync<ProxyStoreConfigurationException>(() => host.StartAsync());

        Assert.Contains($"AddStore(\"{name}\"): the factory made a store named 'not-{name}'", error.Message);
        Assert.Equal("someone's", File.ReadAllText(Path.Combine(temp.Sub("kept"), "other")));
    }

    [Fact]
    public async Task Negative_cache_bounds_of_a_store_added_in_code_fail_the_start_naming_the_store()
    {
        HostApplicationBuilder builder = TestHost.Builder(new Dictionary<string, string?>(), new CapturingLoggerProvider());
        builder.Services.AddProxyStore()
            .AddStore("negative", _ => new LocalConnector(), o => o.CacheSize = -2)
            .AddStore("negative-bytes", _ => new LocalConnector(), o => o.CacheBytes = -2);
        using IHost host = builder.Build();

        var error = await Assert.ThrowsAsync<ProxyStoreConfigurationException>(() => host.StartAsync());

        Assert.Contains(error.Problems, p => p.StartsWith("AddStore(\"negative\"): the cache size of store 'negative', -2,", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("AddStore(\"negative-bytes\"): the cache byte bound of store 'negative-bytes', -2,", StringComparison.Ordinal));
        Assert.Equal(2, error.Problems.Count);
    }
}

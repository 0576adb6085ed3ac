using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ProxyStore.Connectors;
using ProxyStore.Extensions.Hosting.Tests.Support;
using ProxyStore.Tests.Redis;
using ProxyStore.Tests.Support;

namespace ProxyStore.Extensions.Hosting.Tests;

/// <summary>Stores from configuration in a real host: keyed services, the registry, and what stopping the host clears.</summary>
public sealed class HostedStoreTests
{
    [Fact]
    public async Task Configured_stores_are_keyed_services_registered_while_the_host_runs_and_disposed_when_it_stops()
    {
        using var temp = new TempDirectory();
        string local = TestHost.Name("local");
        string file = TestHost.Name("file");
        string redis = TestHost.Name("redis");
        string prefix = RedisTestServer.UniquePrefix("hosted");
        var logs = new CapturingLoggerProvider();
        HostApplicationBuilder builder = TestHost.Builder(
            new Dictionary<string, string?>
            {
                [$"ProxyStore:Stores:{local}:Connector:Kind"] = "Local",
                [$"ProxyStore:Stores:{local}:Metrics"] = "true",
                [$"ProxyStore:Stores:{local}:CacheSize"] = "3",
                [$"ProxyStore:Stores:{local}:CacheBytes"] = "1048576",
                [$"ProxyStore:Stores:{file}:Connector:Kind"] = "File",
                [$"ProxyStore:Stores:{file}:Connector:Directory"] = temp.Sub("objects"),
                [$"ProxyStore:Stores:{file}:Connector:Clear"] = "true",
                [$"ProxyStore:Stores:{redis}:Connector:Kind"] = "redis",
                [$"ProxyStore:Stores:{redis}:Connector:Host"] = RedisTestServer.Host,
                [$"ProxyStore:Stores:{redis}:Connector:Port"] = RedisTestServer.Port.ToString(),
                [$"ProxyStore:Stores:{redis}:Connector:KeyPrefix"] = prefix,
                [$"ProxyStore:Stores:{redis}:Connector:Clear"] = "true",
                [$"ProxyStore:Stores:{redis}:Connector:OperationTimeout"] = "00:00:10",
            },
            logs);
        builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));
        builder.Services.AddSingleton(sp => new Consumer(sp.GetRequiredKeyedService<Store>(local), sp.GetRequiredKeyedService<Store>(file)));

        using IHost host = builder.Build();
        await host.StartAsync();

        Store localStore = host.Services.GetRequiredKeyedService<Store>(local);
        Store fileStore = host.Services.GetRequiredKeyedService<Store>(file);
        Store redisStore = host.Services.GetRequiredKeyedService<Store>(redis);
        Assert.Same(localStore, host.Services.GetRequiredService<Consumer>().Local);
        Assert.Same(localStore, StoreRegistry.Get(local));
        Assert.Same(fileStore, StoreRegistry.Get(file));
        Assert.Same(redisStore, StoreRegistry.Get(redis));
        Assert.IsType<LocalConnector>(localStore.Connector);
        Assert.NotNull(localStore.Metrics);
        Assert.Equal(3, localStore.CacheSize);
        Assert.Equal(1_048_576, localStore.CacheBytes);
        Assert.Equal(Store.DefaultCacheBytes, fileStore.CacheBytes);
        Assert.Null(fileStore.Metrics);
        Assert.Equal(Store.DefaultCacheSize, fileStore.CacheSize);
        Assert.Equal(temp.Sub("objects"), ((FileConnector)fileStore.Connector).StoreDirectory);

        StoreKey inFile = fileStore.Put("kept in a file");
        StoreKey inRedis = await redisStore.PutAsync("kept in redis");
        Assert.Equal("kept in a file", fileStore.Get<string>(inFile));
        Assert.Equal("kept in redis", await redisStore.GetAsync<string>(inRedis));
        Assert.Single(RedisTestServer.KeysUnder(prefix));
        Assert.Single(Directory.GetFiles(temp.Sub("objects")));

        await host.StopAsync();

        Assert.True(localStore.IsDisposed);
        Assert.True(fileStore.IsDisposed);
        Assert.True(redisStore.IsDisposed);
        Assert.Null(StoreRegistry.Get(local));
        Assert.Null(StoreRegistry.Get(redis));

        // Each connector cleared as its options say: both were told to.
        Assert.False(Directory.Exists(temp.Sub("objects")));
        Assert.Empty(RedisTestServer.KeysUnder(prefix));
    }

    [Fact]
    public async Task Stopping_the_host_keeps_what_a_store_is_configured_not_to_clear()
    {
        using var temp = new TempDirectory();
        string file = TestHost.Name("kept-file");
        string redis = TestHost.Name("kept-redis");
        string prefix = RedisTestServer.UniquePrefix("kept");
        HostApplicationBuilder builder = TestHost.Builder(
            new Dictionary<string, string?>
            {
                [$"ProxyStore:Stores:{file}:Connector:Kind"] = "File",
                [$"ProxyStore:Stores:{file}:Connector:Directory"] = temp.Sub("kept"),
                [$"ProxyStore:Stores:{file}:Connector:Clear"] = "false",
                [$"ProxyStore:Stores:{redis}:Connector:Kind"] = "Redis",
                [$"ProxyStore:Stores:{redis}:Connector:Host"] = RedisTestServer.Host,
                [$"ProxyStore:Stores:{redis}:Connector:Port"] = RedisTestServer.Port.ToString(),
                [$"ProxyStore:Stores:{redis}:Connector:KeyPrefix"] = prefix,
            },
            new CapturingLoggerProvider());
        builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));

        StoreKey fileKey;
        StoreKey redisKey;
        using (IHost host = builder.Build())
        {
            await host.StartAsync();
            fileKey = host.Services.GetRequiredKeyedService<Store>(file).Put(41);
            redisKey = host.Services.GetRequiredKeyedService<Store>(redis).Put(42);
            await host.StopAsync();
        }

        // The objects outlive the host: a new connector on the same storage reads them.
        using (var reopened = new FileConnector(temp.Sub("kept"), clear: false))
        {
            Assert.NotNull(reopened.Get(fileKey));
        }

        try
        {
            Assert.Single(RedisTestServer.KeysUnder(prefix));
            using var reader = new RedisConnector(RedisTestServer.Host, RedisTestServer.Port, new RedisConnectorOptions { KeyPrefix = prefix });
            Assert.NotNull(reader.Get(redisKey));
        }
        finally
        {
            using var cleaner = new RedisConnector(RedisTestServer.Host, RedisTestServer.Port, new RedisConnectorOptions { KeyPrefix = prefix });
            cleaner.Close(clear: true);
        }
    }

    [Fact]
    public async Task A_configured_file_store_keeps_its_objects_across_restarts_unless_told_to_clear()
    {
        using var temp = new TempDirectory();
        string name = TestHost.Name("documents");
        string directory = temp.Sub("documents");
        var settings = new Dictionary<string, string?>
        {
            [$"ProxyStore:Stores:{name}:Connector:Kind"] = "File",
            [$"ProxyStore:Stores:{name}:Connector:Directory"] = directory,
        };

        // The README's own example: a File store with a directory and no Clear, across a restart of the host.
        StoreKey key;
        using (IHost first = Host(settings))
        {
            await first.StartAsync();
            key = await first.Services.GetRequiredKeyedService<Store>(name).PutAsync("a document");
            await first.StopAsync();
        }

        Assert.True(File.Exists(Path.Join(directory, key.Id)));
        using (IHost second = Host(settings))
        {
            await second.StartAsync();
            Assert.Equal("a document", await second.Services.GetRequiredKeyedService<Store>(name).GetAsync<string>(key));

            // Clear: true still clears when the host stops.
            await second.StopAsync();
        }

        settings[$"ProxyStore:Stores:{name}:Connector:Clear"] = "true";
        using (IHost clearing = Host(settings))
        {
            await clearing.StartAsync();
            await clearing.StopAsync();
        }

        Assert.False(Directory.Exists(directory));

        static IHost Host(Dictionary<string, string?> settings)
        {
            HostApplicationBuilder builder = TestHost.Builder(settings, new CapturingLoggerProvider());
            builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));
            return builder.Build();
        }
    }

    [Fact]
    public async Task A_multi_connector_store_routes_by_the_configured_policies()
    {
        using var temp = new TempDirectory();
        string name = TestHost.Name("multi");
        HostApplicationBuilder builder = TestHost.Builder(
            new Dictionary<string, string?>
            {
                [$"ProxyStore:Stores:{name}:Connector:Kind"] = "Multi",
                [$"ProxyStore:Stores:{name}:Connector:Connectors:small:Kind"] = "Local",
                [$"ProxyStore:Stores:{name}:Connector:Connectors:small:Policy:MaxSizeBytes"] = "100",
                [$"ProxyStore:Stores:{name}:Connector:Connectors:small:Policy:Priority"] = "1",
                [$"ProxyStore:Stores:{name}:Connector:Connectors:large:Kind"] = "File",
                [$"ProxyStore:Stores:{name}:Connector:Connectors:large:Directory"] = temp.Sub("large"),
                [$"ProxyStore:Stores:{name}:Connector:Connectors:large:Policy:MinSizeBytes"] = "101",
            },
            new CapturingLoggerProvider());
        builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));
        using IHost host = builder.Build();
        await host.StartAsync();
        Store store = host.Services.GetRequiredKeyedService<Store>(name);

        StoreKey small = store.Put("tiny");
        StoreKey large = store.Put(new string('x', 1000));

        Assert.IsType<MultiConnector>(store.Connector);
        Assert.Equal("tiny", store.Get<string>(small));
        Assert.Equal(1000, store.Get<string>(large)!.Length);
        Assert.Single(Directory.GetFiles(temp.Sub("large")));
        await host.StopAsync();
    }

    [Fact]
    public async Task A_file_store_whose_directory_cannot_be_made_stops_the_start_naming_the_store_and_the_directory()
    {
        using var temp = new TempDirectory();
        string name = TestHost.Name("undirectable");
        string file = temp.Sub("a-file");
        File.WriteAllText(file, "in the way");
        string directory = Path.Join(file, "documents");
        HostApplicationBuilder builder = TestHost.Builder(new Dictionary<string, string?>
        {
            [$"ProxyStore:Stores:{name}:Connector:Kind"] = "File",
            [$"ProxyStore:Stores:{name}:Connector:Directory"] = directory,
        }, new CapturingLoggerProvider());
        builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));
        using IHost host = builder.Build();

        ProxyStoreConfigurationException e = await Assert.ThrowsAsync<ProxyStoreConfigurationException>(() => host.StartAsync());

        Assert.Contains($"'{name}'", e.Message, StringComparison.Ordinal);
        Assert.Contains($"'{directory}'", e.Message, StringComparison.Ordinal);
        Assert.Equal(directory, Assert.IsType<FileConnectorException>(e.InnerException).StoreDirectory);
    }

    [Fact]
    public async Task A_store_resolved_before_the_host_starts_is_the_one_the_host_keeps()
    {
        string name = TestHost.Name("early");
        HostApplicationBuilder builder = TestHost.Builder(
            new Dictionary<string, string?> { [$"ProxyStore:Stores:{name}:Connector:Kind"] = "Local" },
            new CapturingLoggerProvider());
        builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));
        using IHost host = builder.Build();

        Store early = host.Services.GetRequiredKeyedService<Store>(name);
        await host.StartAsync();

        Assert.Same(early, host.Services.GetRequiredKeyedService<Store>(name));
        Assert.Same(early, StoreRegistry.Get(name));
        await host.StopAsync();
        Assert.True(early.IsDisposed);
    }

    [Fact]
    public async Task A_service_gets_its_store_through_FromKeyedServices()
    {
        HostApplicationBuilder builder = TestHost.Builder(
            new Dictionary<string, string?> { [$"ProxyStore:Stores:{KeyedConsumer.StoreName}:Connector:Kind"] = "Local" },
            new CapturingLoggerProvider());
        builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));
        builder.Services.AddSingleton<KeyedConsumer>();
        using IHost host = builder.Build();
        await host.StartAsync();

        KeyedConsumer consumer = host.Services.GetRequiredService<KeyedConsumer>();

        Assert.Same(StoreRegistry.Get(KeyedConsumer.StoreName), consumer.Store);
        Assert.Equal("by key", consumer.Store.Get<string>(consumer.Store.Put("by key")));
        await host.StopAsync();
    }

    /// <summary>A service that takes its store through the attribute, as applications do.</summary>
    private sealed class KeyedConsumer([FromKeyedServices(KeyedConsumer.StoreName)] Store store)
    {
        public const string StoreName = "hosting-tests-keyed-consumer";

        public Store Store { get; } = store;
    }

    /// <summary>A service that takes its stores by key.</summary>
    private sealed class Consumer(Store local, Store file)
    {
        public Store Local { get; } = local;

        public Store File { get; } = file;
    }
}

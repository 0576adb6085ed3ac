using System.Text.Json;
using System.Text.Json.Nodes;
using ProxyStore.Connectors;
using ProxyStore.Tests.Proxying;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Redis;

/// <summary>
/// Asynchronous creation connects to Redis without a blocking connect: <see cref="RedisConnector.ConnectAsync(string, int, RedisConnectorOptions?, CancellationToken)"/>,
/// and a proxy resolved asynchronously through a store the registry recreates from a Redis config.
/// Runs alone (<see cref="IsolatedCollection"/>) because it counts the process's connects.
/// </summary>
[Collection(IsolatedCollection.Name)]
public sealed class AsyncRedisConnectTests
{
    [Fact]
    public async Task ConnectAsync_connects_asynchronously_and_the_connector_works()
    {
        long syncBefore = RedisConnections.SyncConnects;
        long asyncBefore = RedisConnections.AsyncConnects;

        // A connect timeout no other connector uses, so this one needs a multiplexer of its own.
        var options = new RedisConnectorOptions { KeyPrefix = RedisTestServer.UniquePrefix("async"), Clear = true, ConnectTimeout = UniqueTimeout() };
        await using RedisConnector connector = await RedisConnector.ConnectAsync(RedisTestServer.Host, RedisTestServer.Port, options);

        StoreKey key = connector.Put(new byte[] { 1, 2, 3 });
        Assert.Equal(new byte[] { 1, 2, 3 }, await connector.GetAsync(key));
        Assert.Equal(syncBefore, RedisConnections.SyncConnects);
        Assert.Equal(asyncBefore + 1, RedisConnections.AsyncConnects);
    }

    [Fact]
    public async Task ConnectAsync_reports_an_unreachable_server_with_host_and_port()
    {
        var options = new RedisConnectorOptions { ConnectTimeout = TimeSpan.FromMilliseconds(300) };

        var error = await Assert.ThrowsAsync<RedisConnectorException>(async () => await RedisConnector.ConnectAsync("127.0.0.1", 1, options));

        Assert.Contains("127.0.0.1:1", error.Message);
    }

    [Fact]
    public async Task ResolveAsync_through_a_recreated_redis_store_never_connects_blocking()
    {
        string name = UniqueNames.Store("async-redis");
        using var owner = new Store(name, RedisTestServer.NewConnector(), metrics: true);
        StoreKey key = owner.Put(ProxyTestStore.SampleData());

        // The proxy's config asks for a connect timeout no other connector uses, so the store the
        // registry makes from it opens a multiplexer of its own instead of sharing the owner's.
        StoreConfig config = owner.ToConfig();
        JsonObject options = JsonNode.Parse(config.Connector!.Options.GetRawText())!.AsObject();
        options["connectTimeoutMs"] = UniqueTimeout().TotalMilliseconds;
        config = config with { Connector = new ConnectorConfig(config.Connector.Kind, JsonSerializer.SerializeToElement(options)) };
        IDataset proxy = ProxyBuilder.Create(new StoreFactory<IDataset>(key, config));
        long syncBefore = RedisConnections.SyncConnects;
        long asyncBefore = RedisConnections.AsyncConnects;
        try
        {
            await Proxies.ResolveAsync(proxy);

            Assert.True(Proxies.IsResolved(proxy));
            Assert.Equal(15, proxy.Sum());
            Store created = StoreRegistry.Get(name)!;
            Assert.NotSame(owner, created);
            Assert.Equal(1, created.Metrics!.GetMetrics(key)!.Times[MetricNames.FactoryCall].Count);
            Assert.Equal(syncBefore, RedisConnections.SyncConnects);
            Assert.Equal(asyncBefore + 1, RedisConnections.AsyncConnects);
        }
        finally
        {
            StoreRegistry.DisposeCreatedStores(s => s.Name == name);
        }
    }

    [Fact]
    public async Task A_multi_connector_config_creates_its_redis_connector_asynchronously()
    {
        using var temp = new TempDirectory();
        var options = new RedisConnectorOptions { KeyPrefix = RedisTestServer.UniquePrefix("multi-async"), Clear = true, ConnectTimeout = UniqueTimeout() };
        ConnectorConfig config;
        using (var redis = new RedisConnector(RedisTestServer.Host, RedisTestServer.Port, options))
        using (var multi = new MultiConnector(
            new RoutedConnector("redis", redis, new Policy { MaxSizeBytes = 1000 }),
            new RoutedConnector("file", new FileConnector(temp.Sub("objects")), new Policy { MinSizeBytes = 1001 })))
        {
            config = multi.GetConfig();
        }

        // The producer closed, so no multiplexer for these settings is open: the copy connects.
        long syncBefore = RedisConnections.SyncConnects;
        long asyncBefore = RedisConnections.AsyncConnects;
        await using IConnector copy = await config.CreateConnectorAsync();

        StoreKey key = copy.Put(new byte[] { 7 });
        Assert.Equal("redis", key.Connector);
        Assert.Equal(new byte[] { 7 }, copy.Get(key));
        copy.Evict(key);
        Assert.Equal(syncBefore, RedisConnections.SyncConnects);
        Assert.Equal(asyncBefore + 1, RedisConnections.AsyncConnects);
    }

    private static TimeSpan UniqueTimeout() => TimeSpan.FromMilliseconds(5000 + Random.Shared.Next(1, 5000));
}

using System.Text.Json;
using ProxyStore.Connectors;
using ProxyStore.Tests.Support;
using StackExchange.Redis;

namespace ProxyStore.Tests.Redis;

/// <summary>
/// <see cref="RedisConnector.Connect(string, int, RedisConnectorOptions?)"/>, its asynchronous
/// twin, and a connector on the caller's own multiplexer, which it uses and never disposes.
/// </summary>
public sealed class RedisConnectTests
{
    [Fact]
    public async Task Connect_and_ConnectAsync_give_connectors_a_store_round_trips_through()
    {
        var options = new RedisConnectorOptions { KeyPrefix = RedisTestServer.UniquePrefix("connect"), Clear = true };
        using var blocking = new Store(UniqueNames.Store("redis-connect"), RedisConnector.Connect(RedisTestServer.Host, RedisTestServer.Port, options));
        await using var awaited = new Store(
            UniqueNames.Store("redis-connect-async"),
            await RedisConnector.ConnectAsync(RedisTestServer.Host, RedisTestServer.Port, options with { KeyPrefix = RedisTestServer.UniquePrefix("connect-async") }));

        StoreKey first = blocking.Put("put through Connect");
        StoreKey second = await awaited.PutAsync("put through ConnectAsync");

        Assert.Equal("put through Connect", blocking.Get<string>(first));
        Assert.Equal("put through ConnectAsync", await awaited.GetAsync<string>(second));
        Assert.Equal($"{RedisTestServer.Host}:{RedisTestServer.Port}", $"{((RedisConnector)awaited.Connector).Host}:{((RedisConnector)awaited.Connector).Port}");
    }

    [Fact]
    public async Task A_connector_on_the_callers_multiplexer_puts_gets_checks_and_evicts_through_it()
    {
        using ConnectionMultiplexer multiplexer = await CallersMultiplexerAsync();
        string prefix = RedisTestServer.UniquePrefix("borrowed");
        RedisConnector connector = RedisConnector.Connect(multiplexer, new RedisConnectorOptions { KeyPrefix = prefix, Database = 2, Clear = true });
        using var store = new Store(UniqueNames.Store("redis-borrowed"), connector, cacheSize: 0);

        StoreKey key = store.Put("on the caller's connection");
        StoreKey later = await store.PutAsync("and asynchronously");

        Assert.Same(multiplexer, connector.Multiplexer);
        Assert.Equal("on the caller's connection", store.Get<string>(key));
        Assert.Equal("and asynchronously", await store.GetAsync<string>(later));
        Assert.True(store.Exists(key));
        Assert.True(await multiplexer.GetDatabase(2).KeyExistsAsync(prefix + key.Id));

        // Evicts go through the guarded script: a key the store did not write stays.
        StoreKey foreign = new("not_a_store_object");
        await multiplexer.GetDatabase(2).StringSetAsync(prefix + foreign.Id, "the application's own");
        Assert.Throws<ForeignObjectException>(() => store.Evict(foreign));
        store.Evict(key);
        await store.EvictAsync(later);

        Assert.False(store.Exists(key));
        Assert.False(await store.ExistsAsync(later));
        Assert.Equal([prefix + foreign.Id], RedisTestServer.KeysUnder(prefix, database: 2));
    }

    [Fact]
    public async Task A_future_on_the_callers_multiplexer_is_announced_through_its_subscriber()
    {
        using ConnectionMultiplexer multiplexer = await CallersMultiplexerAsync();
        var connector = RedisConnector.Connect(multiplexer, new RedisConnectorOptions { KeyPrefix = RedisTestServer.UniquePrefix("borrowed-future"), Clear = true });
        using var store = new Store(UniqueNames.Store("redis-borrowed-future"), connector);

        // Polls an hour apart: once subscribed (and so past its first check), the consumer can
        // only learn of the value from the set's announcement on the caller's multiplexer.
        StoreFuture<string> future = store.Future<string>(new PollingOptions { Interval = TimeSpan.FromHours(1) });
        Task<string> waiting = future.ResultAsync().AsTask();
        IServer server = multiplexer.GetServer(RedisTestServer.Host, RedisTestServer.Port);
        while (await server.SubscriptionSubscriberCountAsync(connector.SetChannelOf(future.Key)) == 0)
        {
            await Task.Delay(10);
        }

        Assert.False(waiting.IsCompleted);
        future.SetResult("announced");

        Assert.Equal("announced", await waiting.WaitAsync(TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task The_config_names_the_multiplexers_server_and_recreates_a_store_that_reads_the_objects()
    {
        using ConnectionMultiplexer multiplexer = await CallersMultiplexerAsync();
        string prefix = RedisTestServer.UniquePrefix("borrowed-config");
        using var store = new Store(
            UniqueNames.Store("redis-borrowed-config"),
            RedisConnector.Connect(multiplexer, new RedisConnectorOptions { KeyPrefix = prefix, Database = 1, Clear = true }));
        StoreKey key = store.Put(new[] { 4, 5, 6 });

        StoreConfig config = store.ToConfig();
        JsonElement options = config.Connector!.Options;
        Assert.Equal("redis", config.Connector.Kind);
        Assert.Equal(RedisTestServer.Host, options.GetProperty("host").GetString());
        Assert.Equal(RedisTestServer.Port, options.GetProperty("port").GetInt32());
        Assert.Equal(1, options.GetProperty("database").GetInt32());
        Assert.Equal(prefix, options.GetProperty("keyPrefix").GetString());

        using Store recreated = Store.FromConfig(config);
        var copy = (RedisConnector)recreated.Connector;

        Assert.NotSame(multiplexer, copy.Multiplexer);
        Assert.Equal(new[] { 4, 5, 6 }, recreated.Get<int[]>(key));
    }

    [Fact]
    public async Task Disposing_the_store_clears_its_keys_and_leaves_the_callers_multiplexer_working()
    {
        using ConnectionMultiplexer multiplexer = await CallersMultiplexerAsync();
        string prefix = RedisTestServer.UniquePrefix("borrowed-dispose");
        var store = new Store(UniqueNames.Store("redis-borrowed-dispose"), RedisConnector.Connect(multiplexer, new RedisConnectorOptions { KeyPrefix = prefix, Clear = true }));
        store.Put("cleared on dispose");
        await using (var second = new Store(UniqueNames.Store("redis-borrowed-dispose-async"), RedisConnector.Connect(multiplexer, new RedisConnectorOptions { KeyPrefix = prefix + "async:" })))
        {
            await second.PutAsync("kept: this connector does not clear");
        }

        store.Dispose();

        Assert.True(multiplexer.IsConnected);
        IDatabase database = multiplexer.GetDatabase();
        Assert.True(await database.StringSetAsync(prefix + "after", "still usable"));
        Assert.Equal("still usable", (string?)await database.StringGetAsync(prefix + "after"));
        Assert.Single(RedisTestServer.KeysUnder(prefix + "async:"));
        Assert.Equal(2, RedisTestServer.KeysUnder(prefix).Length);
        await database.KeyDeleteAsync([prefix + "after", .. RedisTestServer.KeysUnder(prefix).Select(k => (RedisKey)k)]);
    }

    [Fact]
    public void A_null_multiplexer_is_refused()
    {
        var error = Assert.Throws<ArgumentNullException>(() => RedisConnector.Connect((IConnectionMultiplexer)null!));

        Assert.Equal("multiplexer", error.ParamName);
    }

    [Fact]
    public async Task A_multiplexer_with_several_servers_is_refused_with_its_endpoints_named()
    {
        using ConnectionMultiplexer multiplexer = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { { RedisTestServer.Host, RedisTestServer.Port }, { "127.0.0.1", 1 } },
            AbortOnConnectFail = false,
            ConnectTimeout = 1000,
        });

        var error = Assert.Throws<ArgumentException>(() => RedisConnector.Connect(multiplexer));

        Assert.Equal("multiplexer", error.ParamName);
        Assert.Contains("2 endpoints", error.Message);
        Assert.Contains($"{RedisTestServer.Host}:{RedisTestServer.Port}", error.Message);
        Assert.Contains("127.0.0.1:1", error.Message);
    }

    [Fact]
    public async Task Invalid_options_on_a_callers_multiplexer_are_refused_with_its_server_named()
    {
        using ConnectionMultiplexer multiplexer = await CallersMultiplexerAsync();

        var error = Assert.Throws<ArgumentException>(() => RedisConnector.Connect(multiplexer, new RedisConnectorOptions { KeyPrefix = "no-separator" }));

        Assert.Contains($"{RedisTestServer.Host}:{RedisTestServer.Port}", error.Message);
    }

    [Fact]
    public async Task ConnectAsync_with_a_cancelled_token_says_which_server_it_was_connecting_to()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await RedisConnector.ConnectAsync("127.0.0.1", 1, cancellationToken: cancelled.Token));

        Assert.Equal(cancelled.Token, error.CancellationToken);
        Assert.Contains("127.0.0.1:1", error.Message);
    }

    [Fact]
    public void Connect_reports_an_unreachable_server_with_host_and_port()
    {
        var error = Assert.Throws<RedisConnectorException>(
            () => RedisConnector.Connect("127.0.0.1", 1, new RedisConnectorOptions { ConnectTimeout = TimeSpan.FromMilliseconds(300) }));

        Assert.Contains("127.0.0.1:1", error.Message);
        Assert.Equal("127.0.0.1", error.Host);
        Assert.Equal(1, error.Port);
    }

    /// <summary>A multiplexer the test owns, as an application would make it.</summary>
    private static Task<ConnectionMultiplexer> CallersMultiplexerAsync() =>
        ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { { RedisTestServer.Host, RedisTestServer.Port } },
            ClientName = "proxystore-tests-caller",
        });
}

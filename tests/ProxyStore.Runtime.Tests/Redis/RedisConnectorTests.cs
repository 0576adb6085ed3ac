using System.Text.Json;
using ProxyStore.Connectors;
using StackExchange.Redis;

namespace ProxyStore.Tests.Redis;

/// <summary>What is particular to Redis: prefixes, clearing, key validation, configs and passwords.</summary>
public sealed class RedisConnectorTests : IDisposable
{
    private readonly List<IConnector> _opened = [];

    public void Dispose()
    {
        foreach (IConnector connector in _opened)
        {
            connector.Close();
        }
    }

    private RedisConnector Open(RedisConnectorOptions? options = null)
    {
        RedisConnector connector = new(RedisTestServer.Host, RedisTestServer.Port, options ?? new RedisConnectorOptions { KeyPrefix = RedisTestServer.UniquePrefix() });
        _opened.Add(connector);
        return connector;
    }

    [Fact]
    public void Objects_are_stored_as_plain_redis_strings_under_the_prefix()
    {
        string prefix = RedisTestServer.UniquePrefix("layout");
        RedisConnector connector = Open(new RedisConnectorOptions { KeyPrefix = prefix, Clear = true });

        StoreKey key = connector.Put("payload"u8.ToArray());

        Assert.Equal([prefix + key.Id], RedisTestServer.KeysUnder(prefix));
        Assert.Equal("payload"u8.ToArray(), (byte[]?)RedisTestServer.Raw().StringGet(prefix + key.Id));
        Assert.Null(key.Connector);
    }

    [Fact]
    public void Close_keeps_the_keys_by_default_and_clear_overrides_it()
    {
        string prefix = RedisTestServer.UniquePrefix("persist");
        var options = new RedisConnectorOptions { KeyPrefix = prefix };
        RedisConnector first = Open(options);
        StoreKey key = first.Put(StoredFrame.Wrap([1]));

        first.Close();
        RedisConnector second = Open(options);
        Assert.True(second.Exists(key));

        second.Close(clear: true);
        Assert.Empty(RedisTestServer.KeysUnder(prefix));
        Assert.False(Open(options).Exists(key));
    }

    [Fact]
    public async Task Disposing_asynchronously_clears_like_close()
    {
        string prefix = RedisTestServer.UniquePrefix("async-close");
        var connector = new RedisConnector(RedisTestServer.Host, RedisTestServer.Port, new RedisConnectorOptions { KeyPrefix = prefix, Clear = true });
        await using (var store = new Store("async-close-" + Guid.NewGuid().ToString("N"), connector))
        {
            await store.PutBatchAsync(Enumerable.Range(0, 1200).Select(i => i.ToString()));
            Assert.Equal(1200, RedisTestServer.KeysUnder(prefix).Length);
        }

        Assert.Empty(RedisTestServer.KeysUnder(prefix));
        await connector.CloseAsync(clear: true);
        Assert.Throws<ObjectDisposedException>(() => connector.Put(new byte[] { 1 }));
    }

    [Fact]
    public void Clearing_deletes_only_this_prefix_even_when_it_holds_glob_characters()
    {
        string id = Guid.NewGuid().ToString("N");
        string prefix = $"pstest:glob*?[x]-{id}:";
        string neighbour = $"pstest:globAB[x]-{id}:";
        IDatabase raw = RedisTestServer.Raw();
        raw.StringSet(neighbour + "other", "keep me");
        raw.StringSet($"pstest:unrelated-{id}", "keep me too");
        RedisConnector connector = Open(new RedisConnectorOptions { KeyPrefix = prefix, Clear = true });
        IReadOnlyList<StoreKey> keys = connector.PutBatch([.. Enumerable.Range(0, 2500).Select(i => (ReadOnlyMemory<byte>)StoredFrame.Wrap(BitConverter.GetBytes(i)))]);

        Assert.Equal(2500, RedisTestServer.KeysUnder(prefix.Replace("*", "\\*").Replace("?", "\\?").Replace("[", "\\[").Replace("]", "\\]")).Length);
        connector.Close();

        Assert.False(raw.KeyExists(prefix + keys[0].Id));
        Assert.False(raw.KeyExists(prefix + keys[^1].Id));
        Assert.Equal("keep me", (string?)raw.StringGet(neighbour + "other"));
        Assert.Equal("keep me too", (string?)raw.StringGet($"pstest:unrelated-{id}"));
        raw.KeyDelete([neighbour + "other", $"pstest:unrelated-{id}"]);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a:b")]
    [InlineData("*")]
    [InlineData("has space")]
    public void Keys_that_could_reach_outside_the_prefix_are_refused(string id)
    {
        RedisConnector connector = Open();

        var e = Assert.Throws<ArgumentException>(() => connector.Get(new StoreKey(id)));

        Assert.Contains(id, e.Message);
        Assert.Throws<ArgumentException>(() => connector.Exists(new StoreKey(id)));
        Assert.Throws<ArgumentException>(() => connector.Evict(new StoreKey(id)));
        Assert.Throws<ArgumentException>(() => connector.GetBatch([new StoreKey(id)]));
    }

    [Fact]
    public void A_key_naming_an_inner_connector_is_refused()
    {
        RedisConnector connector = Open();
        StoreKey key = connector.Put(new byte[] { 1 });

        var e = Assert.Throws<ArgumentException>(() => connector.Get(new StoreKey(key.Id, "other")));

        Assert.Contains("other/" + key.Id, e.Message);
    }

    [Fact]
    public void Prefixes_keep_connectors_on_one_database_apart_and_databases_too()
    {
        string prefix = RedisTestServer.UniquePrefix("db");
        RedisConnector db0 = Open(new RedisConnectorOptions { KeyPrefix = prefix, Clear = true });
        RedisConnector db1 = Open(new RedisConnectorOptions { KeyPrefix = prefix, Database = 1, Clear = true });

        StoreKey key = db1.Put("in db 1"u8.ToArray());

        Assert.False(db0.Exists(key));
        Assert.True(db1.Exists(key));
        Assert.Equal("in db 1"u8.ToArray(), (byte[]?)RedisTestServer.Raw(1).StringGet(prefix + key.Id));
    }

    [Fact]
    public void Connectors_to_one_server_share_one_multiplexer_until_the_last_closes()
    {
        // Its own timeout makes a settings combination no other test uses.
        var options = new RedisConnectorOptions { KeyPrefix = RedisTestServer.UniquePrefix(), OperationTimeout = TimeSpan.FromMilliseconds(29_123) };
        var first = new RedisConnector(RedisTestServer.Host, RedisTestServer.Port, options);
        var second = (RedisConnector)first.GetConfig().CreateConnector();
        var otherDatabase = new RedisConnector(RedisTestServer.Host, RedisTestServer.Port, options with { Database = 1 });

        Assert.Same(first.Multiplexer, second.Multiplexer);
        Assert.Same(first.Multiplexer, otherDatabase.Multiplexer);
        first.Close();
        byte[] frame = StoredFrame.Wrap([5]);
        StoreKey key = second.Put(frame);
        Assert.Equal(frame, second.Get(key));
        Assert.True(second.Multiplexer.IsConnected);
        second.Close(clear: true);
        otherDatabase.Close();

        Assert.False(otherDatabase.Multiplexer.IsConnected);
        var third = new RedisConnector(RedisTestServer.Host, RedisTestServer.Port, options);
        Assert.NotSame(first.Multiplexer, third.Multiplexer);
        Assert.False(third.Exists(key));
        third.Close();
    }

    [Fact]
    public void Config_holds_every_option_and_recreates_an_equal_connector()
    {
        var options = new RedisConnectorOptions
        {
            KeyPrefix = RedisTestServer.UniquePrefix(),
            Database = 2,
            Clear = true,
            ConnectTimeout = TimeSpan.FromSeconds(3),
            OperationTimeout = TimeSpan.FromSeconds(12),
        };
        RedisConnector connector = Open(options);

        ConnectorConfig config = connector.GetConfig();
        var recreated = (RedisConnector)config.CreateConnector();
        _opened.Add(recreated);

        Assert.Equal("redis", config.Kind);
        Assert.Equal(RedisTestServer.Host, config.Options.GetProperty("host").GetString());
        Assert.Equal(RedisTestServer.Port, config.Options.GetProperty("port").GetInt32());
        Assert.Equal(options, recreated.Options);
        Assert.Equal(connector.ToString(), recreated.ToString());
    }

    [Fact]
    public void A_store_config_recreates_a_redis_store_that_reads_what_the_first_wrote()
    {
        using var store = new Store("redis-config-" + Guid.NewGuid().ToString("N"), RedisTestServer.NewConnector());
        StoreKey key = store.Put(new Dictionary<string, int> { ["a"] = 1 });

        StoreConfig config = JsonSerializer.Deserialize<StoreConfig>(JsonSerializer.Serialize(store.ToConfig()))!;
        using Store second = Store.FromConfig(config);

        Assert.Equal(new Dictionary<string, int> { ["a"] = 1 }, second.Get<Dictionary<string, int>>(key));
    }

    [Fact]
    public void Invalid_options_are_refused_with_the_server_named()
    {
        string host = RedisTestServer.Host;
        int port = RedisTestServer.Port;

        Assert.Contains($"{host}:{port}", Assert.ThrowsAny<ArgumentException>(() => new RedisConnector(host, port, new RedisConnectorOptions { KeyPrefix = "" })).Message);
        Assert.Contains($"{host}:{port}", Assert.ThrowsAny<ArgumentException>(() => new RedisConnector(host, port, new RedisConnectorOptions { Database = -1 })).Message);
        Assert.ThrowsAny<ArgumentException>(() => new RedisConnector(host, port, new RedisConnectorOptions { ConnectTimeout = TimeSpan.Zero }));
        Assert.ThrowsAny<ArgumentException>(() => new RedisConnector(host, 0));
        Assert.ThrowsAny<ArgumentException>(() => new RedisConnector(" ", port));
        Assert.Throws<ArgumentException>(() => new RedisConnector(host, port, new RedisConnectorOptions { Password = "x", PasswordEnvironmentVariable = "Y" }));
    }

    [Fact]
    public void A_connection_string_gives_the_server_and_database()
    {
        RedisConnector connector = RedisConnector.FromConnectionString(
            $"{RedisTestServer.Endpoint},defaultDatabase=3,connectTimeout=4000",
            new RedisConnectorOptions { KeyPrefix = RedisTestServer.UniquePrefix(), Clear = true });
        _opened.Add(connector);

        StoreKey key = connector.Put(new byte[] { 3 });

        Assert.Equal(RedisTestServer.Host, connector.Host);
        Assert.Equal(RedisTestServer.Port, connector.Port);
        Assert.Equal(3, connector.Database);
        Assert.Equal(TimeSpan.FromSeconds(4), connector.Options.ConnectTimeout);
        Assert.Equal(new byte[] { 3 }, (byte[]?)RedisTestServer.Raw(3).StringGet(connector.KeyPrefix + key.Id));
    }

    [Fact]
    public void A_connection_string_with_an_unsupported_setting_is_refused_without_echoing_the_password()
    {
        var e = Assert.Throws<ArgumentException>(() => RedisConnector.FromConnectionString($"{RedisTestServer.Endpoint},password=hunter2-secret,allowAdmin=true"));

        Assert.Contains("allowAdmin", e.Message);
        Assert.DoesNotContain("hunter2-secret", e.Message);
    }

    [Fact]
    public void Clearing_a_prefix_leaves_the_keys_of_a_longer_prefix_that_starts_the_same_way()
    {
        string shortPrefix = RedisTestServer.UniquePrefix("nested");
        RedisConnector outer = Open(new RedisConnectorOptions { KeyPrefix = shortPrefix });
        RedisConnector inner = Open(new RedisConnectorOptions { KeyPrefix = shortPrefix + "x:" });
        StoreKey outerKey = outer.Put(StoredFrame.Wrap([1]));
        byte[] innerFrame = StoredFrame.Wrap([2]);
        StoreKey innerKey = inner.Put(innerFrame);

        outer.Close(clear: true);

        Assert.Equal(innerFrame, inner.Get(innerKey));
        Assert.Equal([shortPrefix + "x:" + innerKey.Id], RedisTestServer.KeysUnder(shortPrefix));
        Assert.DoesNotContain(shortPrefix + outerKey.Id, RedisTestServer.KeysUnder(shortPrefix));
    }

    [Fact]
    public void A_prefix_must_end_with_a_separator()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new RedisConnector(RedisTestServer.Host, RedisTestServer.Port, new RedisConnectorOptions { KeyPrefix = "app" }));

        Assert.Contains("'app'", error.Message);
        Assert.Contains("separator", error.Message);
    }

    [Fact]
    public async Task A_cancelled_put_leaves_nothing_under_the_prefix()
    {
        string prefix = RedisTestServer.UniquePrefix("cancel");
        RedisConnector connector = Open(new RedisConnectorOptions { KeyPrefix = prefix });
        using var cancel = new CancellationTokenSource();
        byte[] large = new byte[32 * 1024 * 1024];

        Task<StoreKey> put = connector.PutAsync(large, cancel.Token).AsTask();
        await cancel.CancelAsync();
        try
        {
            await put;
        }
        catch (OperationCanceledException)
        {
            // Cancelled while the value was on its way, which is the case under test.
        }

        // A round trip on the same connection orders it after the put and its delete.
        connector.Exists(new StoreKey(StoreKey.NewId()));
        Assert.Equal(put.IsCompletedSuccessfully ? 1 : 0, RedisTestServer.KeysUnder(prefix).Length);
    }
}

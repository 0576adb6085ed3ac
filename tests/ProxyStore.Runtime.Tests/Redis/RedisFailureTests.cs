using System.Globalization;
using System.Text.RegularExpressions;
using ProxyStore.Connectors;

namespace ProxyStore.Tests.Redis;

/// <summary>
/// Failures against real redis-server processes that each test starts, stops and restarts on
/// a port of its own, leaving the shared server alone.
/// </summary>
public sealed class RedisFailureTests
{
    private static readonly RedisConnectorOptions Quick = new()
    {
        KeyPrefix = "pstest:failure:",
        // Generous: a loaded 2-core machine can take seconds to finish the handshake.
        ConnectTimeout = TimeSpan.FromSeconds(15),
        OperationTimeout = TimeSpan.FromSeconds(15),
    };

    [Fact]
    public void An_unreachable_server_fails_the_constructor_naming_host_and_port()
    {
        int port = RedisServerProcess.FreePort();

        var e = Assert.Throws<RedisConnectorException>(() => new RedisConnector("127.0.0.1", port, Quick with { ConnectTimeout = TimeSpan.FromSeconds(2) }));

        Assert.Contains($"127.0.0.1:{port}", e.Message);
        Assert.Equal("127.0.0.1", e.Host);
        Assert.Equal(port, e.Port);
        Assert.Contains("no connection to the server", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_refused_connection_says_how_long_it_waited_and_advises_nothing_the_connector_does_not_take(bool async)
    {
        int port = RedisServerProcess.FreePort();
        RedisConnectorOptions options = Quick with { ConnectTimeout = TimeSpan.FromSeconds(30) };
        var watch = System.Diagnostics.Stopwatch.StartNew();

        RedisConnectorException e = async
            ? await Assert.ThrowsAsync<RedisConnectorException>(async () => await RedisConnector.ConnectAsync("127.0.0.1", port, options))
            : Assert.Throws<RedisConnectorException>(() => new RedisConnector("127.0.0.1", port, options));
        double waitedMs = watch.Elapsed.TotalMilliseconds;

        // Nothing listens on the port, so the connect is refused long before the 30 s timeout; the
        // message gives the time it took, never more than the test saw.
        Match took = Regex.Match(e.Message, @"after (\d+(?:\.\d+)?) (ms|s)\b");
        Assert.True(took.Success, e.Message);
        double saidMs = double.Parse(took.Groups[1].Value, CultureInfo.InvariantCulture) * (took.Groups[2].Value == "s" ? 1000 : 1);
        Assert.True(saidMs <= waitedMs, $"It says {saidMs} ms; the test waited {waitedMs} ms: {e.Message}");
        Assert.DoesNotContain("within 30 s", e.Message, StringComparison.Ordinal);
        Assert.Contains("30 s", e.Message, StringComparison.Ordinal);
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            foreach (string foreign in (string[])["abortConnect", "AbortOnConnectFail", "connection string"])
            {
                Assert.DoesNotContain(foreign, inner.Message, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public void A_restarted_server_fails_operations_while_down_and_serves_them_again_once_back()
    {
        using RedisServerProcess server = RedisServerProcess.Start();
        using var store = new Store("restart-" + Guid.NewGuid().ToString("N"), new RedisConnector(server.Host, server.Port, Quick), cacheSize: 0);
        StoreKey before = store.Put("before the restart");
        Assert.Equal("before the restart", store.Get<string>(before));

        server.Kill();

        var put = Assert.Throws<RedisConnectorException>(() => store.Put("while down"));
        Assert.Contains($"{server.Host}:{server.Port}", put.Message);
        var get = Assert.Throws<RedisConnectorException>(() => store.Get<string>(before));
        Assert.Contains($"{server.Host}:{server.Port}", get.Message);
        Assert.Contains(before.Id, get.Message);
        Assert.Equal(before.ToString(), get.Key);
        var exists = Assert.ThrowsAny<RedisConnectorException>(() => store.Exists(before));
        Assert.Contains(before.Id, exists.Message);

        server.Restart();

        StoreKey after = PutOnceReconnected(store, "after the restart");
        Assert.Equal("after the restart", store.Get<string>(after));
        Assert.True(store.Exists(after));

        // The server kept nothing in memory across the restart (no persistence): the old object is gone.
        Assert.False(store.Exists(before));
        Assert.Null(store.Get<string>(before));
    }

    [Fact]
    public async Task Async_operations_fail_the_same_way_while_the_server_is_down()
    {
        using RedisServerProcess server = RedisServerProcess.Start();
        var connector = new RedisConnector(server.Host, server.Port, Quick);
        try
        {
            StoreKey key = await connector.PutAsync(new byte[] { 1 });

            server.Kill();

            var e = await Assert.ThrowsAsync<RedisConnectorException>(async () => await connector.GetAsync(key));
            Assert.Contains($"{server.Host}:{server.Port}", e.Message);
            await Assert.ThrowsAsync<RedisConnectorException>(async () => await connector.PutBatchAsync([new byte[] { 2 }]));
        }
        finally
        {
            connector.Close();
        }
    }

    [Fact]
    public void A_100_megabyte_value_round_trips_through_a_store()
    {
        using RedisServerProcess server = RedisServerProcess.Start();
        using var store = new Store("big-" + Guid.NewGuid().ToString("N"), new RedisConnector(server.Host, server.Port, Quick with { OperationTimeout = TimeSpan.FromMinutes(2) }), metrics: true);
        byte[] value = new byte[100 * 1024 * 1024];
        new Random(100).NextBytes(value);

        StoreKey key = store.Put(value);
        byte[]? back = store.Get<byte[]>(key);

        Assert.NotNull(back);
        Assert.Equal(value.Length, back.Length);
        Assert.True(value.AsSpan().SequenceEqual(back), "the 100 MB value came back changed");
        Assert.Equal(StoredFrame.HeaderSize + value.Length + 1L, Convert.ToInt64(store.Metrics!.GetMetrics(key)!.Attributes["store.get.object_size"])); // the frame and one tag byte
    }

    [Fact]
    public void A_password_protected_server_takes_the_password_from_an_environment_variable_and_never_shows_it()
    {
        const string password = "s3cret-Redis-pass";
        using RedisServerProcess server = RedisServerProcess.Start("--requirepass", password);
        string variable = "PROXYSTORE_TEST_REDIS_PASSWORD_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, password);
        try
        {
            var connector = new RedisConnector(server.Host, server.Port, Quick with { PasswordEnvironmentVariable = variable });
            StoreKey key = connector.Put(new byte[] { 42 });
            ConnectorConfig config = connector.GetConfig();
            var recreated = (RedisConnector)config.CreateConnector();

            Assert.Equal(new byte[] { 42 }, recreated.Get(key));
            Assert.DoesNotContain(password, config.Options.GetRawText());
            Assert.Equal(variable, config.Options.GetProperty("passwordEnvironmentVariable").GetString());
            recreated.Close();
            connector.Close(clear: true);

            var wrong = Assert.Throws<RedisConnectorException>(() => new RedisConnector(server.Host, server.Port, Quick with { Password = "not-" + password }));
            Assert.Contains($"{server.Host}:{server.Port}", wrong.Message);
            Assert.DoesNotContain(password, wrong.ToString());

            var missing = Assert.Throws<InvalidOperationException>(() =>
                new RedisConnector(server.Host, server.Port, Quick with { PasswordEnvironmentVariable = variable + "_UNSET" }));
            Assert.Contains(variable + "_UNSET", missing.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void A_password_given_directly_travels_in_the_config_but_never_in_text_meant_for_people()
    {
        const string password = "direct-Pa55word";
        using RedisServerProcess server = RedisServerProcess.Start("--requirepass", password);
        var connector = new RedisConnector(server.Host, server.Port, Quick with { Password = password });
        using var store = new Store("secret-" + Guid.NewGuid().ToString("N"), connector);
        StoreKey key = store.Put("guarded");

        using Store recreated = Store.FromConfig(store.ToConfig());

        Assert.Equal("guarded", recreated.Get<string>(key));
        Assert.DoesNotContain(password, connector.ToString());
        Assert.DoesNotContain(password, connector.Options.ToString());
        Assert.DoesNotContain(password, connector.GetConfig().ToString());
        Assert.DoesNotContain(password, store.ToConfig().ToString());
        Assert.DoesNotContain(password, store.ToString());
        Assert.Contains("***", connector.GetConfig().ToString());

        server.Kill();
        var down = Assert.Throws<RedisConnectorException>(() => store.Get<string>(new StoreKey(StoreKey.NewId())));
        Assert.DoesNotContain(password, down.ToString());
    }

    private static StoreKey PutOnceReconnected(Store store, string value)
    {
        // The multiplexer reconnects in the background; give it a bounded number of tries.
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return store.Put(value);
            }
            catch (RedisConnectorException) when (attempt < 300)
            {
                Thread.Sleep(100);
            }
        }
    }
}

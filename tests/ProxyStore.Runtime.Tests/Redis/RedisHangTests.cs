using ProxyStore.Connectors;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Redis;

/// <summary>
/// A server that keeps its connections but stops answering (a redis-server process of the
/// test's own, stopped with SIGSTOP): one call times out, the calls after it fail fast, and
/// calls work again by themselves once the server runs again.
/// </summary>
public sealed class RedisHangTests
{
    private static readonly RedisConnectorOptions Hang = new()
    {
        KeyPrefix = "pstest:hang:",

        // Connecting stays generous for a loaded machine; the operation timeout is short so that
        // the one call that waits for it does not slow the suite.
        ConnectTimeout = TimeSpan.FromSeconds(15),
        OperationTimeout = TimeSpan.FromMilliseconds(500),
    };

    [Fact]
    public void After_one_timeout_calls_to_a_hung_server_fail_fast_until_it_answers_again()
    {
        using RedisServerProcess server = RedisServerProcess.Start();
        using var store = new Store(UniqueNames.Store("hang"), new RedisConnector(server.Host, server.Port, Hang), cacheSize: 0);
        var connector = (RedisConnector)store.Connector;
        StoreKey key = OnceAnswering(() => store.Put("before the hang"));

        server.Pause();
        try
        {
            var timeout = Assert.Throws<RedisConnectorException>(() => store.Get<string>(key));
            Assert.True(timeout.IsTimeout);
            Assert.False(timeout.IsFailFast);
            Assert.Contains("500 ms", timeout.Message);
            AssertShortAndNamed(timeout, server, key);
            Assert.NotNull(timeout.InnerException);

            var fast = Assert.Throws<RedisConnectorException>(() => store.Get<string>(key));
            Assert.True(fast.IsFailFast);
            Assert.False(fast.IsTimeout);
            Assert.Contains("failing fast because an earlier call timed out", fast.Message);
            Assert.Contains("waiting for the server to answer again", fast.Message);
            AssertShortAndNamed(fast, server, key);
            Assert.Equal(key.ToString(), fast.Key);

            // Every kind of call, through the store and on the connector, fails fast the same way.
            AssertFailsFast(() => store.Put("during the hang"), server, key: null);
            AssertFailsFast(() => store.Exists(key), server, key);
            AssertFailsFast(() => store.Evict(key), server, key);
            AssertFailsFast(() => store.PutBatch(new[] { "a", "b" }), server, key: null);
            AssertFailsFast(() => connector.GetBatch([key]), server, key: null);

            // So does another connector sharing the connection to the same server.
            using var sibling = new RedisConnector(server.Host, server.Port, Hang);
            AssertFailsFast(() => sibling.Get(key), server, key);
        }
        finally
        {
            server.Resume();
        }

        Assert.Equal("before the hang", OnceAnswering(() => store.Get<string>(key)));
        StoreKey after = OnceAnswering(() => store.Put("after the hang"));
        Assert.Equal("after the hang", OnceAnswering(() => store.Get<string>(after)));
    }

    [Fact]
    public async Task Async_calls_time_out_once_then_fail_fast_and_recover()
    {
        using RedisServerProcess server = RedisServerProcess.Start();
        var connector = new RedisConnector(server.Host, server.Port, Hang);
        try
        {
            StoreKey key = OnceAnswering(() => connector.Put(new byte[] { 7, 8, 9 }));

            server.Pause();
            try
            {
                var timeout = await Assert.ThrowsAsync<RedisConnectorException>(async () => await connector.GetAsync(key));
                Assert.True(timeout.IsTimeout);
                AssertShortAndNamed(timeout, server, key);

                var fast = await Assert.ThrowsAsync<RedisConnectorException>(async () => await connector.GetAsync(key));
                Assert.True(fast.IsFailFast);
                AssertShortAndNamed(fast, server, key);
                Assert.True((await Assert.ThrowsAsync<RedisConnectorException>(async () => await connector.PutAsync(new byte[] { 1 }))).IsFailFast);
                Assert.True((await Assert.ThrowsAsync<RedisConnectorException>(async () => await connector.ExistsAsync(key))).IsFailFast);
                Assert.True((await Assert.ThrowsAsync<RedisConnectorException>(async () => await connector.EvictAsync(key))).IsFailFast);
                Assert.True((await Assert.ThrowsAsync<RedisConnectorException>(async () => await connector.PutBatchAsync([new byte[] { 1 }]))).IsFailFast);
                Assert.True((await Assert.ThrowsAsync<RedisConnectorException>(async () => await connector.GetBatchAsync([key]))).IsFailFast);
            }
            finally
            {
                server.Resume();
            }

            byte[]? back = null;
            for (int attempt = 0; back is null; attempt++)
            {
                try
                {
                    back = await connector.GetAsync(key);
                    Assert.NotNull(back);
                }
                catch (RedisConnectorException) when (attempt < 200)
                {
                    await Task.Delay(100);
                }
            }

            Assert.Equal(new byte[] { 7, 8, 9 }, back);
        }
        finally
        {
            connector.Close();
        }
    }

    [Fact]
    public async Task Closing_the_last_connector_stops_the_probe_even_while_the_server_hangs()
    {
        using RedisServerProcess server = RedisServerProcess.Start();
        var connector = new RedisConnector(server.Host, server.Port, Hang with { Clear = true });
        StoreKey key = OnceAnswering(() => connector.Put(new byte[] { 1 }));
        RedisHangGuard guard = connector.HangGuard;

        server.Pause();
        try
        {
            Assert.True(Assert.Throws<RedisConnectorException>(() => connector.Get(key)).IsTimeout);
            Task probe = guard.Probe;
            Assert.False(probe.IsCompleted);

            // Clearing needs the server: it fails fast, and the connector is closed all the same.
            var clear = Assert.Throws<RedisConnectorException>(() => connector.Close());
            Assert.True(clear.IsFailFast);
            Assert.Throws<ObjectDisposedException>(() => connector.Get(key));

            // A bounded wait for the probe to see it was stopped; it ends without a fault.
            await probe.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.True(probe.IsCompletedSuccessfully);
        }
        finally
        {
            server.Resume();
        }
    }

    [Theory]
    [InlineData("put", false)]
    [InlineData("put", true)]
    [InlineData("batch", false)]
    [InlineData("batch", true)]
    public async Task A_put_that_timed_out_leaves_no_key_behind_once_the_server_runs_again(string kind, bool async)
    {
        using RedisServerProcess server = RedisServerProcess.Start();
        using var store = new Store(UniqueNames.Store("hang-put"), new RedisConnector(server.Host, server.Port, Hang), cacheSize: 0);
        var connector = (RedisConnector)store.Connector;
        StoreKey before = OnceAnswering(() => store.Put("before the hang"));

        server.Pause();
        RedisConnectorException timeout;
        try
        {
            // The write reaches the paused server's socket, so the server runs it once it resumes.
            timeout = kind == "put"
                ? await Assert.ThrowsAsync<RedisConnectorException>(async () => _ = async ? await store.PutAsync("timed out") : store.Put("timed out"))
                : await Assert.ThrowsAsync<RedisConnectorException>(async () => _ = async ? await store.PutBatchAsync(["a", "b"]) : store.PutBatch(["a", "b"]));
        }
        finally
        {
            server.Resume();
        }

        Assert.True(timeout.IsTimeout, timeout.Message);

        // A call answered on the same connection comes after whatever the server ran for the put.
        Assert.Equal("before the hang", OnceAnswering(() => store.Get<string>(before)));
        string[] keys = [.. connector.Multiplexer.GetServer(server.Host, server.Port).Keys(pattern: Hang.KeyPrefix + "*").Select(k => (string)k!)];
        Assert.Equal([Hang.KeyPrefix + before.Id], keys);
    }

    private static void AssertFailsFast(Action call, RedisServerProcess server, StoreKey? key)
    {
        var e = Assert.Throws<RedisConnectorException>(call);
        Assert.True(e.IsFailFast, e.Message);
        AssertShortAndNamed(e, server, key);
    }

    private static void AssertShortAndNamed(RedisConnectorException e, RedisServerProcess server, StoreKey? key)
    {
        Assert.Contains($"{server.Host}:{server.Port}", e.Message);
        Assert.Equal(server.Port, e.Port);
        if (key is not null)
        {
            Assert.Contains(key.Id, e.Message);
        }

        // StackExchange.Redis's own timeout text (settings to raise, a web page, counters) stays in
        // the inner exception: the connector takes none of those settings.
        foreach (string foreign in (string[])["syncTimeout", "asyncTimeout", "increase", "https://", "Timeout performing", "qu:", "IOCP"])
        {
            Assert.DoesNotContain(foreign, e.Message, StringComparison.OrdinalIgnoreCase);
        }

        Assert.True(e.Message.Length < 400, $"A {e.Message.Length}-character message: {e.Message}");
        Assert.DoesNotContain('\n', e.Message);
    }

    /// <summary>
    /// <paramref name="call"/>'s result once the server answers it: after a resume, while the
    /// guard notices in the background; and on a fresh connection, whose first call can take
    /// longer than the short timeout on a loaded machine. A bounded number of tries.
    /// </summary>
    private static T OnceAnswering<T>(Func<T> call)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return call();
            }
            catch (RedisConnectorException) when (attempt < 200)
            {
                Thread.Sleep(100);
            }
        }
    }
}

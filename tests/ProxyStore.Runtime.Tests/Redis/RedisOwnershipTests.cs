using ProxyStore.Connectors;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Redis;

/// <summary>
/// Only the owner clears: a Redis connector recreated from a producer's config (a proxy's
/// factory, a consumer, a refused duplicate) never deletes the producer's keys, and neither
/// does a multi connector recreated over Redis and files. The producer's own close still does.
/// </summary>
public sealed class RedisOwnershipTests
{
    [Fact]
    public async Task A_consumer_store_made_from_the_producers_config_leaves_every_key_when_disposed()
    {
        string prefix = RedisTestServer.UniquePrefix("owner");
        var producer = new Store(
            UniqueNames.Store("producer"),
            new RedisConnector(RedisTestServer.Host, RedisTestServer.Port, new RedisConnectorOptions { KeyPrefix = prefix, Clear = true }),
            register: true);
        try
        {
            StoreKey[] keys = [producer.Put("first"), producer.Put("second"), .. producer.PutBatch(new[] { "third", "fourth" })];
            string[] written = RedisTestServer.KeysUnder(prefix);
            Assert.Equal(4, written.Length);

            StoreConfig config = producer.ToConfig() with { Register = false };
            Assert.True(config.Connector.Options.GetProperty("clear").GetBoolean());   // the option still round-trips

            using (Store consumer = Store.FromConfig(config))
            {
                Assert.Equal("first", consumer.Get<string>(keys[0]));
                Assert.Equal("fourth", consumer.Get<string>(keys[3]));
                Assert.True(((RedisConnector)consumer.Connector).Clear);
            }

            Assert.Equal(written, RedisTestServer.KeysUnder(prefix));

            await using (Store asyncConsumer = Store.FromConfig(config))
            {
                Assert.Equal("second", asyncConsumer.Get<string>(keys[1]));
            }

            Assert.Equal(written, RedisTestServer.KeysUnder(prefix));

            // A bare connector recreated from the config: Close and DisposeAsync keep the keys too.
            var recreated = (RedisConnector)producer.Connector.GetConfig().CreateConnector();
            recreated.Close();
            await ((RedisConnector)producer.Connector.GetConfig().CreateConnector()).DisposeAsync();
            Assert.Equal(written, RedisTestServer.KeysUnder(prefix));

            Assert.Equal("third", producer.Get<string>(keys[2]));
        }
        finally
        {
            producer.Dispose();
        }

        // The producer made the connector, so its own Dispose clears.
        Assert.Empty(RedisTestServer.KeysUnder(prefix));
    }

    [Fact]
    public void A_duplicate_name_refused_by_FromConfig_leaves_the_producers_keys()
    {
        string prefix = RedisTestServer.UniquePrefix("duplicate");
        using var producer = new Store(
            UniqueNames.Store("taken"),
            new RedisConnector(RedisTestServer.Host, RedisTestServer.Port, new RedisConnectorOptions { KeyPrefix = prefix, Clear = true }),
            register: true);
        StoreKey key = producer.Put("kept");

        Assert.Throws<StoreExistsException>(() => Store.FromConfig(producer.ToConfig() with { Register = true }));

        Assert.Single(RedisTestServer.KeysUnder(prefix));
        Assert.Equal("kept", producer.Get<string>(key));
        Assert.Same(producer, StoreRegistry.Get(producer.Name));
    }

    [Fact]
    public void The_producers_own_close_clears_and_an_explicit_close_decides_either_way()
    {
        string prefix = RedisTestServer.UniquePrefix("explicit");
        var options = new RedisConnectorOptions { KeyPrefix = prefix, Clear = true };

        // The owner may close without clearing.
        var owner = new RedisConnector(RedisTestServer.Host, RedisTestServer.Port, options);
        owner.Put(StoredFrame.Wrap([1]));
        owner.Close(clear: false);
        Assert.Single(RedisTestServer.KeysUnder(prefix));

        // A recreated connector clears only when told to.
        var recreated = (RedisConnector)new RedisConnector(RedisTestServer.Host, RedisTestServer.Port, options with { Clear = false }).GetConfig().CreateConnector();
        recreated.Close(clear: true);
        Assert.Empty(RedisTestServer.KeysUnder(prefix));

        // A connector made from a connection string owns its keys, as one made with the constructor.
        RedisConnector fromString = RedisConnector.FromConnectionString(RedisTestServer.Endpoint, options);
        fromString.Put(StoredFrame.Wrap([2]));
        fromString.Close();
        Assert.Empty(RedisTestServer.KeysUnder(prefix));
    }

    [Fact]
    public void A_multi_connector_recreated_from_its_config_keeps_the_keys_and_files_of_the_producer()
    {
        using var temp = new TempDirectory();
        string directory = temp.Sub("objects");
        string prefix = RedisTestServer.UniquePrefix("multi");
        var multi = new MultiConnector(
            new RoutedConnector(
                "redis",
                new RedisConnector(RedisTestServer.Host, RedisTestServer.Port, new RedisConnectorOptions { KeyPrefix = prefix, Clear = true }),
                new Policy { MaxSizeBytes = 1000 }),
            new RoutedConnector("file", new FileConnector(directory, clear: true), new Policy { MinSizeBytes = 1001 }));
        var producer = new Store(UniqueNames.Store("multi-producer"), multi, register: true);
        try
        {
            StoreKey small = producer.Put("small");
            byte[] large = new byte[10_000];
            new Random(13).NextBytes(large);
            StoreKey big = producer.Put(large);
            Assert.Equal("redis", small.Connector);
            Assert.Equal("file", big.Connector);
            string[] redisKeys = RedisTestServer.KeysUnder(prefix);
            string[] files = Directory.GetFiles(directory);
            Assert.Single(redisKeys);
            Assert.Single(files);

            using (Store consumer = Store.FromConfig(producer.ToConfig() with { Register = false }))
            {
                Assert.Equal("small", consumer.Get<string>(small));
                Assert.Equal(large, consumer.Get<byte[]>(big));
            }

            Assert.Equal(redisKeys, RedisTestServer.KeysUnder(prefix));
            Assert.Equal(files, Directory.GetFiles(directory));

            Assert.Throws<StoreExistsException>(() => Store.FromConfig(producer.ToConfig() with { Register = true }));
            Assert.Equal(redisKeys, RedisTestServer.KeysUnder(prefix));
            Assert.Equal(files, Directory.GetFiles(directory));
        }
        finally
        {
            producer.Dispose();
        }

        Assert.Empty(RedisTestServer.KeysUnder(prefix));
        Assert.False(Directory.Exists(directory));
    }
}

using System.Text;
using ProxyStore.Streams;
using ProxyStore.Tests.Redis;
using StackExchange.Redis;

namespace ProxyStore.Tests.Streams;

/// <summary>
/// The Redis brokers on the real server (Python's tests/stream/shims/redis_test.py, which mocks
/// Redis), and whole streams over them with a Redis store.
/// </summary>
public sealed class RedisBrokerTests
{
    private static string NewTopic(string label) => $"pstest:stream:{label}:{Guid.NewGuid():N}";

    private static byte[][] Messages(int count) => [.. Enumerable.Range(0, count).Select(i => Encoding.UTF8.GetBytes($"message_{i}"))];

    [Fact]
    public async Task Pub_sub_delivers_every_message_in_order_to_every_subscriber()
    {
        string topic = NewTopic("pubsub");
        await using var first = new RedisSubscriber(RedisTestServer.Host, RedisTestServer.Port, topic);
        await using var second = await RedisSubscriber.ConnectAsync(RedisTestServer.Host, RedisTestServer.Port, topic);
        byte[][] messages = Messages(3);
        await using (var publisher = new RedisPublisher(RedisTestServer.Host, RedisTestServer.Port))
        {
            publisher.SendMessage(topic, messages[0]);
            await publisher.SendMessageAsync(topic, messages[1]);
            publisher.SendMessage(topic, messages[2]);
        }

        foreach (RedisSubscriber subscriber in new[] { first, second })
        {
            Assert.Equal(messages[0], subscriber.NextMessage());
            Assert.Equal(messages[1], await subscriber.NextMessageAsync());
            Assert.Equal(messages[2], subscriber.NextMessage());
        }
    }

    [Fact]
    public async Task A_disposed_pub_sub_subscriber_ends_and_a_lent_connection_stays_open()
    {
        string topic = NewTopic("pubsub-end");
        await using ConnectionMultiplexer connection = await ConnectionMultiplexer.ConnectAsync(RedisTestServer.Endpoint);
        var subscriber = new RedisSubscriber(connection, topic);
        await subscriber.DisposeAsync();

        Assert.Null(await subscriber.NextMessageAsync());
        Assert.True(connection.IsConnected);
        Assert.True(await connection.GetDatabase().PingAsync() >= TimeSpan.Zero);
    }

    [Fact]
    public async Task A_queue_keeps_messages_sent_before_the_subscriber_and_delivers_them_in_order()
    {
        string topic = NewTopic("queue");
        byte[][] messages = Messages(3);
        await using (var publisher = await RedisQueuePublisher.ConnectAsync(RedisTestServer.Host, RedisTestServer.Port))
        {
            foreach (byte[] message in messages)
            {
                await publisher.SendMessageAsync(topic, message);
            }
        }

        await using var subscriber = new RedisQueueSubscriber(RedisTestServer.Host, RedisTestServer.Port, topic);
        Assert.Equal(messages[0], subscriber.NextMessage());
        Assert.Equal(messages[1], await subscriber.NextMessageAsync());
        Assert.Equal(messages[2], subscriber.NextMessage());
        Assert.Equal(0, await RedisTestServer.Raw().ListLengthAsync(topic));
    }

    [Fact]
    public async Task Two_queue_subscribers_of_one_topic_share_its_messages_each_delivered_once()
    {
        string topic = NewTopic("queue-shared");
        const int count = 40;
        await using var first = new RedisQueueSubscriber(RedisTestServer.Host, RedisTestServer.Port, topic, timeout: TimeSpan.FromSeconds(1));
        await using var second = new RedisQueueSubscriber(RedisTestServer.Host, RedisTestServer.Port, topic, timeout: TimeSpan.FromSeconds(1));
        await using (var publisher = new RedisQueuePublisher(RedisTestServer.Host, RedisTestServer.Port))
        {
            foreach (byte[] message in Messages(count))
            {
                publisher.SendMessage(topic, message);
            }
        }

        async Task<List<string>> Drain(RedisQueueSubscriber subscriber)
        {
            var got = new List<string>();
            try
            {
                while (true)
                {
                    got.Add(Encoding.UTF8.GetString((await subscriber.NextMessageAsync())!));
                }
            }
            catch (TimeoutException)
            {
                return got;
            }
        }

        List<string>[] drained = await Task.WhenAll(Drain(first), Drain(second));

        string[] all = [.. drained.SelectMany(d => d)];
        Assert.Equal(count, all.Length);
        Assert.Equal(count, all.Distinct().Count());
        Assert.Equal(Messages(count).Select(Encoding.UTF8.GetString).Order(), all.Order());
    }

    [Fact]
    public void An_empty_queue_times_out_naming_the_topic()
    {
        string topic = NewTopic("queue-empty");
        using var subscriber = new RedisQueueSubscriber(RedisTestServer.Host, RedisTestServer.Port, topic, timeout: TimeSpan.FromMilliseconds(300));

        TimeoutException e = Assert.Throws<TimeoutException>(() => subscriber.NextMessage());

        Assert.Contains(topic, e.Message);
    }

    [Fact]
    public async Task Cancelling_a_queue_wait_stops_it()
    {
        string topic = NewTopic("queue-cancel");
        await using var subscriber = new RedisQueueSubscriber(RedisTestServer.Host, RedisTestServer.Port, topic);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => subscriber.NextMessageAsync(cancel.Token).AsTask());
    }

    [Fact]
    public async Task A_cancelled_queue_wait_returns_while_its_pop_still_waits_and_the_next_wait_gets_what_that_pop_took()
    {
        // A server of its own, so that the only blocked client it lists is this subscriber.
        using var server = RedisServerProcess.Start();
        string topic = NewTopic("queue-cancel-prompt");
        // Rounds long enough that the one under way is certainly still waiting when the test looks.
        await using var subscriber = new RedisQueueSubscriber(server.Host, server.Port, topic) { RoundLength = TimeSpan.FromMinutes(5) };
        using var cancel = new CancellationTokenSource();
        Task<byte[]?> waiting = subscriber.NextMessageAsync(cancel.Token).AsTask();
        using var inspector = await ConnectionMultiplexer.ConnectAsync($"{server.Host}:{server.Port},allowAdmin=true");
        await BlockedClientsAsync(inspector, expected: 1);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromMinutes(1)));

        // The call ended before its BLPOP did: the server still holds the subscriber blocked.
        Assert.Equal(1, await BlockedClientsAsync(inspector, expected: 1));

        // Nothing that pop takes is lost: the next wait gets it.
        await inspector.GetDatabase().ListRightPushAsync(topic, "after the cancellation");
        Assert.Equal("after the cancellation", Encoding.UTF8.GetString((await subscriber.NextMessageAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(1)))!));
    }

    /// <summary>The clients the server lists as blocked, once there are <paramref name="expected"/> of them (a bounded number of looks).</summary>
    private static async Task<int> BlockedClientsAsync(ConnectionMultiplexer inspector, int expected)
    {
        for (int attempt = 0; ; attempt++)
        {
            string clients = (string)(await inspector.GetDatabase().ExecuteAsync("CLIENT", "LIST"))!;
            int blocked = clients.Split('\n').Count(line => line.Contains("cmd=blpop", StringComparison.Ordinal) && line.Contains("flags=b", StringComparison.Ordinal));
            if (blocked == expected || attempt == 200)
            {
                return blocked;
            }

            await Task.Delay(25);
        }
    }

    [Fact]
    public async Task Closing_a_shared_queue_topic_for_every_consumer_ends_them_all_and_each_object_arrives_once()
    {
        const int Consumers = 3;
        string topic = NewTopic("queue-shared-end");
        using var store = new Store(Support.UniqueNames.Store("shared-queue"), RedisTestServer.NewConnector(), register: true);
        var consumers = new List<StreamConsumer<IReading>>();
        for (int i = 0; i < Consumers; i++)
        {
            consumers.Add(new StreamConsumer<IReading>(new RedisQueueSubscriber(RedisTestServer.Host, RedisTestServer.Port, topic)));
        }

        try
        {
            await using (var producer = new StreamProducer<IReading>(
                new RedisQueuePublisher(RedisTestServer.Host, RedisTestServer.Port), stores: new Dictionary<string, Store?> { [topic] = store }))
            {
                for (int i = 0; i < 30; i++)
                {
                    await producer.SendAsync(topic, new Reading(i, $"reading {i}"));
                }

                // One end-of-stream event per consumer: each pops one, after every object.
                await producer.CloseTopicsAsync([topic], consumers: Consumers);
            }

            // Each enumeration ends; the bound only keeps a regression from hanging the suite.
            List<int>[] received = await Task.WhenAll(consumers.Select(async consumer =>
            {
                var indices = new List<int>();
                await foreach (IReading reading in consumer)
                {
                    indices.Add(reading.Index);
                }

                return indices;
            })).WaitAsync(TimeSpan.FromMinutes(1));

            Assert.Equal(Enumerable.Range(0, 30), received.SelectMany(r => r).Order());
            Assert.Equal(0, await RedisTestServer.Raw().ListLengthAsync(topic));
        }
        finally
        {
            foreach (StreamConsumer<IReading> consumer in consumers)
            {
                await consumer.DisposeAsync();
            }
        }
    }

    [Fact]
    public void A_server_that_is_not_there_is_named_in_the_failure()
    {
        Connectors.RedisConnectorException e = Assert.Throws<Connectors.RedisConnectorException>(() => new RedisPublisher("127.0.0.1", 1));

        Assert.Contains("127.0.0.1:1", e.Message);
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(false, 4)]
    [InlineData(true, 1)]
    [InlineData(true, 4)]
    public async Task A_stream_over_redis_with_a_redis_store_arrives_whole_and_leaves_nothing_behind(bool queue, int batchSize)
    {
        string topic = NewTopic(queue ? "stream-queue" : "stream-pubsub");
        using var store = new Store(Support.UniqueNames.Store("redis-stream"), RedisTestServer.NewConnector(), register: true);
        IStreamSubscriber subscriber = queue
            ? new RedisQueueSubscriber(RedisTestServer.Host, RedisTestServer.Port, topic)
            : new RedisSubscriber(RedisTestServer.Host, RedisTestServer.Port, topic);
        IStreamPublisher publisher = queue
            ? new RedisQueuePublisher(RedisTestServer.Host, RedisTestServer.Port)
            : new RedisPublisher(RedisTestServer.Host, RedisTestServer.Port);
        await using var consumer = new StreamConsumer<IReading>(subscriber);
        await using var producer = new StreamProducer<IReading>(publisher, stores: new Dictionary<string, Store?> { [topic] = store }, batchSize: batchSize);

        for (int i = 0; i < 10; i++)
        {
            await producer.SendAsync(topic, new Reading(i, $"reading {i}"), metadata: new { i });
        }

        await producer.CloseTopicsAsync(topic);
        var received = new List<(int, string)>();
        await foreach (IReading reading in consumer)
        {
            Assert.True(Proxies.IsProxy(reading));
            received.Add((reading.Index, reading.Label));
        }

        Assert.Equal(Enumerable.Range(0, 10).Select(i => (i, $"reading {i}")), received);
        string prefix = ((Connectors.RedisConnector)store.Connector).Options.KeyPrefix;
        Assert.Empty(RedisTestServer.KeysUnder(prefix));
        Assert.Equal(0, await RedisTestServer.Raw().ListLengthAsync(topic));
    }
}

using System.Text.Json;
using ProxyStore.Streams;

namespace ProxyStore.Tests.Streams;

/// <summary>Ported from Python ProxyStore's tests/stream/interface_test.py, on the in-process channel broker and file stores.</summary>
public sealed class StreamInterfaceTests
{
    private const string Topic = StreamPairs.Topic;

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, false)]
    public async Task Objects_sent_from_one_thread_arrive_in_order_on_another_as_proxies_with_a_store_and_inline_without(int batchSize, bool useStore)
    {
        using var files = new StreamStore();
        (ChannelPublisher publisher, ChannelSubscriber subscriber) = ChannelPublisher.CreatePair(Topic);
        await using var producer = new StreamProducer<IReading>(publisher, stores: new Dictionary<string, Store?> { [Topic] = useStore ? files.Store : null }, batchSize: batchSize);
        await using var consumer = new StreamConsumer<IReading>(subscriber);
        Reading[] objects = [.. Enumerable.Range(0, 10).Select(i => new Reading(i, Guid.NewGuid().ToString("N")))];

        Task produce = Task.Run(async () =>
        {
            foreach (Reading reading in objects)
            {
                await producer.SendAsync(Topic, reading);
            }

            await producer.FlushAsync();
        });
        var received = new List<IReading>();
        await foreach (IReading item in consumer)
        {
            Assert.Equal(useStore, Proxies.IsProxy(item));
            received.Add(item);
            if (received.Count == objects.Length)
            {
                break;
            }
        }

        await produce;
        Assert.Equal(objects.Select(o => (o.Index, o.Label)), received.Select(r => (r.Index, r.Label)));
        // Each proxy evicted its object as it resolved.
        Assert.Equal(0, files.StoredCount);
    }

    [Fact]
    public void A_producer_and_consumer_in_using_blocks_pass_a_value()
    {
        using var files = new StreamStore();
        (ChannelPublisher publisher, ChannelSubscriber subscriber) = ChannelPublisher.CreatePair(Topic);
        using var producer = new StreamProducer<string>(publisher, stores: new Dictionary<string, Store?> { [Topic] = files.Store });
        using var consumer = new StreamConsumer<string>(subscriber);

        producer.Send(Topic, "value");

        Assert.Equal("value", consumer.Next());
    }

    [Fact]
    public void Closing_without_the_publisher_and_subscriber_leaves_them_usable_by_new_ones()
    {
        using var files = new StreamStore();
        (ChannelPublisher publisher, ChannelSubscriber subscriber) = ChannelPublisher.CreatePair(Topic);
        var stores = new Dictionary<string, Store?> { [Topic] = files.Store };
        new StreamProducer<string>(publisher, stores).Close(publisher: false, stores: false);
        new StreamConsumer<string>(subscriber).Close(stores: false, subscriber: false);

        using var producer = new StreamProducer<string>(publisher, stores);
        using var consumer = new StreamConsumer<string>(subscriber);
        producer.Send(Topic, "value");

        Assert.Equal("value", consumer.Next());
        Assert.False(files.Store.IsDisposed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Closing_a_topic_ends_the_consumer_after_what_was_sent_before(bool async)
    {
        using var files = new StreamStore();
        (ChannelPublisher publisher, ChannelSubscriber subscriber) = ChannelPublisher.CreatePair(Topic);
        using var producer = new StreamProducer<string>(publisher, stores: new Dictionary<string, Store?> { [Topic] = files.Store }, batchSize: 10);
        using var consumer = new StreamConsumer<string>(subscriber);
        producer.Send(Topic, "a");
        producer.Send(Topic, "b");

        if (async)
        {
            await producer.CloseTopicsAsync(Topic);
            var all = new List<string>();
            await foreach (string item in consumer)
            {
                all.Add(item);
            }

            Assert.Equal(["a", "b"], all);
        }
        else
        {
            producer.CloseTopics(Topic);
            Assert.Equal("a", consumer.Next());
            Assert.Equal("b", consumer.Next());
            StreamEndedException ended = Assert.Throws<StreamEndedException>(() => consumer.Next());
            Assert.Equal(Topic, ended.Topic);
            Assert.Contains("'default'", ended.Message);
        }
    }

    [Fact]
    public void Sending_to_a_closed_topic_throws_naming_the_topic_and_closing_it_again_sends_no_second_end()
    {
        var (publisher, subscriber) = StreamPairs.Recording();
        using var producer = new StreamProducer<string>(publisher);
        producer.CloseTopics(Topic);
        producer.CloseTopics(Topic);
        producer.Flush();

        TopicClosedException e = Assert.Throws<TopicClosedException>(() => producer.Send(Topic, "value"));
        Assert.Equal(Topic, e.Topic);
        Assert.Contains("'default'", e.Message);
        Assert.Single(publisher.Messages);
        subscriber.Dispose();
    }

    [Fact]
    public void A_consumer_finds_and_registers_the_store_an_event_names_and_closing_with_stores_unregisters_it()
    {
        using var files = new StreamStore(register: false);
        (ChannelPublisher publisher, ChannelSubscriber subscriber) = ChannelPublisher.CreatePair(Topic);
        var producer = new StreamProducer<string>(publisher, defaultStore: files.Store);
        var consumer = new StreamConsumer<string>(subscriber);
        producer.Send(Topic, "value");
        Assert.Null(StoreRegistry.Get(files.Store.Name));

        Assert.Equal("value", consumer.Next());
        Store registered = Assert.IsType<Store>(StoreRegistry.Get(files.Store.Name));
        Assert.NotSame(files.Store, registered);

        producer.Close(stores: true);
        consumer.Close(stores: true);
        Assert.Null(StoreRegistry.Get(files.Store.Name));
        Assert.True(registered.IsDisposed);
        Assert.True(files.Store.IsDisposed);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_filter_on_either_side_drops_objects_and_every_object_is_evicted_all_the_same(bool onProducer)
    {
        using var files = new StreamStore();
        var (publisher, subscriber) = StreamPairs.Recording();
        var odd = new PredicateFilter(metadata => metadata["index"].GetInt32() % 2 != 0);
        using var producer = new StreamProducer<int>(publisher, stores: new Dictionary<string, Store?> { [Topic] = files.Store }, filter: onProducer ? odd : null);
        using var consumer = new StreamConsumer<int>(subscriber, filter: onProducer ? null : odd);

        for (int i = 0; i < 10; i++)
        {
            producer.Send(Topic, i, evict: true, metadata: new Dictionary<string, object> { ["index"] = i });
        }

        producer.CloseTopics(Topic);
        int[] indices = [.. consumer.ReadObjects()];

        Assert.Equal([0, 2, 4, 6, 8], indices);
        Assert.Equal(onProducer ? 5 : 10, publisher.KeyEvents.Count());
        Assert.All(publisher.KeyEvents, e => Assert.False(files.Store.Exists(e.Key)));
        Assert.Equal(0, files.StoredCount);
        Assert.Equal(onProducer ? new StreamTopicCounters(5, 5, 6, 0) : new StreamTopicCounters(10, 0, 11, 0), producer.GetCounters(Topic));
        Assert.Equal(onProducer ? new StreamTopicCounters(0, 0, 6, 5) : new StreamTopicCounters(0, 5, 11, 5), consumer.GetCounters(Topic));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task An_aggregator_turns_each_batch_into_one_object(int batchSize)
    {
        using var files = new StreamStore();
        (ChannelPublisher publisher, ChannelSubscriber subscriber) = ChannelPublisher.CreatePair(Topic);
        await using var producer = new StreamProducer<int>(publisher, stores: new Dictionary<string, Store?> { [Topic] = files.Store }, batchSize: batchSize, aggregator: batch => batch.Sum());
        await using var consumer = new StreamConsumer<int>(subscriber);
        const int count = 10;
        for (int i = 0; i < count; i++)
        {
            await producer.SendAsync(Topic, 1, evict: true);
        }

        await producer.CloseTopicsAsync(Topic);
        var values = new List<int>();
        await foreach (int value in consumer.ReadObjectsAsync())
        {
            values.Add(value);
        }

        Assert.Equal((int)Math.Ceiling(count / (double)batchSize), values.Count);
        Assert.Equal(count, values.Sum());
    }

    [Fact]
    public async Task The_aggregate_carries_the_union_of_its_batch_s_metadata()
    {
        (ChannelPublisher publisher, ChannelSubscriber subscriber) = ChannelPublisher.CreatePair(Topic);
        await using var producer = new StreamProducer<int>(publisher, batchSize: 2, aggregator: batch => batch.Sum());
        await using var consumer = new StreamConsumer<int>(subscriber);
        await producer.SendAsync(Topic, 1, metadata: new { a = 1 });
        await producer.SendAsync(Topic, 2, metadata: new { b = "two" });

        (IReadOnlyDictionary<string, JsonElement> metadata, int sum) = await consumer.NextWithMetadataAsync();

        Assert.Equal(3, sum);
        Assert.Equal(1, metadata["a"].GetInt32());
        Assert.Equal("two", metadata["b"].GetString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Items_come_with_their_metadata(bool useStore)
    {
        using var files = new StreamStore();
        (ChannelPublisher publisher, ChannelSubscriber subscriber) = ChannelPublisher.CreatePair(Topic);
        await using var producer = new StreamProducer<IReading>(publisher, stores: new Dictionary<string, Store?> { [Topic] = useStore ? files.Store : null });
        await using var consumer = new StreamConsumer<IReading>(subscriber);
        for (int i = 0; i < 10; i++)
        {
            await producer.SendAsync(Topic, new Reading(i, $"r{i}"), metadata: new { value = i });
        }

        await producer.CloseTopicsAsync(Topic);
        int seen = 0;
        await foreach ((IReadOnlyDictionary<string, JsonElement> metadata, IReading item) in consumer.ReadWithMetadataAsync())
        {
            Assert.Equal(useStore, Proxies.IsProxy(item));
            Assert.Equal(metadata["value"].GetInt32(), item.Index);
            seen++;
        }

        Assert.Equal(10, seen);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Objects_come_with_their_metadata(bool useStore)
    {
        using var files = new StreamStore();
        (ChannelPublisher publisher, ChannelSubscriber subscriber) = ChannelPublisher.CreatePair(Topic);
        using var producer = new StreamProducer<int>(publisher, stores: new Dictionary<string, Store?> { [Topic] = useStore ? files.Store : null });
        using var consumer = new StreamConsumer<int>(subscriber);
        for (int i = 0; i < 10; i++)
        {
            producer.Send(Topic, i, metadata: new Dictionary<string, int> { ["value"] = i });
        }

        producer.CloseTopics(Topic);
        for (int i = 0; i < 10; i++)
        {
            (IReadOnlyDictionary<string, JsonElement> metadata, int value) = consumer.NextObjectWithMetadata();
            Assert.Equal(i, value);
            Assert.Equal(i, metadata["value"].GetInt32());
        }

        Assert.Throws<StreamEndedException>(() => consumer.NextObjectWithMetadata());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void NextObject_evicts_the_object_only_when_the_producer_asked(bool evict)
    {
        using var files = new StreamStore();
        var (publisher, subscriber) = StreamPairs.Recording();
        using var producer = new StreamProducer<string>(publisher, stores: new Dictionary<string, Store?> { [Topic] = files.Store });
        using var consumer = new StreamConsumer<string>(subscriber);
        producer.Send(Topic, "value", evict: evict);
        StoreKey key = Assert.Single(publisher.KeyEvents).Key;
        Assert.True(files.Store.Exists(key));

        Assert.Equal("value", consumer.NextObject());

        Assert.Equal(!evict, files.Store.Exists(key));
    }

    [Fact]
    public void NextObject_of_an_object_evicted_meanwhile_throws_naming_the_store_key_and_topic()
    {
        using var files = new StreamStore();
        var (publisher, subscriber) = StreamPairs.Recording();
        using var producer = new StreamProducer<string>(publisher, stores: new Dictionary<string, Store?> { [Topic] = files.Store });
        using var consumer = new StreamConsumer<string>(subscriber);
        producer.Send(Topic, "value");
        StoreKey key = Assert.Single(publisher.KeyEvents).Key;
        files.Store.Evict(key);

        KeyNotFoundException e = Assert.Throws<KeyNotFoundException>(() => consumer.NextObject());

        Assert.Contains(files.Store.Name, e.Message);
        Assert.Contains(key.ToString(), e.Message);
        Assert.Contains("'default'", e.Message);
    }

    [Fact]
    public async Task The_readme_example_streams_lists_as_proxies_that_evict_as_they_resolve()
    {
        using var store = new Store(Support.UniqueNames.Store("stream-readme"), new Connectors.LocalConnector(), register: true);
        (ChannelPublisher publisher, ChannelSubscriber subscriber) = ChannelPublisher.CreatePair("readings");
        await using var producer = new StreamProducer<IList<double>>(publisher, stores: new Dictionary<string, Store?> { ["readings"] = store }, batchSize: 2);
        await using var consumer = new StreamConsumer<IList<double>>(subscriber);
        for (int i = 0; i < 4; i++)
        {
            await producer.SendAsync("readings", new List<double> { i, i * 0.5 }, evict: true, metadata: new { index = i });
        }

        await producer.CloseTopicsAsync("readings");
        var seconds = new List<double>();
        var keys = new List<StoreKey>();
        await foreach (IList<double> reading in consumer)
        {
            keys.Add(Proxies.GetKey(reading));
            seconds.Add(reading[1]);
        }

        Assert.Equal([0, 0.5, 1, 1.5], seconds);
        Assert.All(keys, k => Assert.False(store.Exists(k)));
    }
}

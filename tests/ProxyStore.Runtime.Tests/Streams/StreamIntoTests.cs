using ProxyStore.Tests.Arrays;
using ProxyStore.Connectors;
using ProxyStore.Serialization;
using ProxyStore.Streams;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Streams;

/// <summary>
/// A consumer reads arrays into one buffer of its own: bit for bit and in order from a file or a
/// shared-memory store and inline, evicting what the producer asked; an item that does not fit
/// stays the next one, and the end, a missing object and a filtered one behave as for NextObject.
/// </summary>
public sealed class StreamIntoTests
{
    private const string Topic = StreamPairs.Topic;

    [Fact]
    public void Byte_arrays_from_a_file_store_arrive_in_order_into_one_buffer_and_are_evicted()
    {
        using var files = new StreamStore();
        (ChannelPublisher publisher, ChannelSubscriber subscriber) = ChannelPublisher.CreatePair(Topic);
        using var producer = new StreamProducer<byte[]>(publisher, stores: new Dictionary<string, Store?> { [Topic] = files.Store });
        using var consumer = new StreamConsumer<byte[]>(subscriber);
        byte[][] items = [.. Enumerable.Range(0, 3).Select(i => Bytes(100_000 + i, seed: i))];
        foreach (byte[] item in items)
        {
            producer.Send(Topic, item);
        }

        byte[] buffer = new byte[200_000];
        foreach (byte[] item in items)
        {
            int count = consumer.NextObjectInto<byte>(buffer);
            Assert.Equal(item.Length, count);
            Assert.Equal(item, buffer[..count]);
        }

        Assert.Equal(0, files.StoredCount);
        Assert.Equal(3, consumer.GetCounters(Topic).Received);
    }

    [Fact]
    public async Task Doubles_through_shared_memory_and_inline_arrive_bit_for_bit_asynchronously()
    {
        using var shared = new Store(UniqueNames.Store("stream-into-shm"), new SharedMemoryConnector(), register: true);
        (ChannelPublisher publisher, ChannelSubscriber subscriber) = ChannelPublisher.CreatePair(Topic, "inline");
        await using var producer = new StreamProducer<double[]>(publisher, stores: new Dictionary<string, Store?> { [Topic] = shared, ["inline"] = null });
        await using var consumer = new StreamConsumer<double[]>(subscriber);
        double[] stored = [.. Enumerable.Range(0, 70_000).Select(i => i * 0.5)];
        stored[1] = -0.0;
        stored[2] = BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0ACE);
        double[] inline = [1.5, double.NegativeInfinity, -0.0];

        await producer.SendAsync(Topic, stored);
        await producer.SendAsync("inline", inline);
        double[] buffer = new double[80_000];

        Assert.Equal(stored.Length, await consumer.NextObjectIntoAsync<double>(buffer));
        ArrayAssert.BitEqual(stored, buffer[..stored.Length]);
        Assert.Equal(3, await consumer.NextObjectIntoAsync<double>(buffer));
        ArrayAssert.BitEqual(inline, buffer[..3]);
        Assert.Equal(stored[3], buffer[3]);
    }

    [Fact]
    public async Task An_item_that_does_not_fit_stays_the_next_item_unread_and_stored()
    {
        using var files = new StreamStore();
        (ChannelPublisher publisher, ChannelSubscriber subscriber) = ChannelPublisher.CreatePair(Topic);
        using var producer = new StreamProducer<byte[]>(publisher, stores: new Dictionary<string, Store?> { [Topic] = files.Store });
        using var consumer = new StreamConsumer<byte[]>(subscriber);
        byte[] item = Bytes(5_000, seed: 9);
        producer.Send(Topic, item);
        byte[] small = new byte[10];

        var tooShort = Assert.Throws<ArgumentException>(() => consumer.NextObjectInto<byte>(small));
        Assert.Contains("5000 elements", tooShort.Message, StringComparison.Ordinal);
        Assert.Equal(new byte[10], small);
        var wrongType = await Assert.ThrowsAsync<InvalidCastException>(async () => await consumer.NextObjectIntoAsync<int>(new int[5_000]));
        Assert.Contains("System.Byte[]", wrongType.Message, StringComparison.Ordinal);
        Assert.Equal(1, files.StoredCount);

        Assert.Equal(item, consumer.NextObject());
        Assert.Equal(0, files.StoredCount);
    }

    [Fact]
    public void An_inline_item_that_does_not_fit_stays_the_next_item()
    {
        (ChannelPublisher publisher, ChannelSubscriber subscriber) = ChannelPublisher.CreatePair(Topic);
        using var producer = new StreamProducer<int[]>(publisher, stores: new Dictionary<string, Store?> { [Topic] = null });
        using var consumer = new StreamConsumer<int[]>(subscriber);
        producer.Send(Topic, [1, 2, 3]);

        Assert.Throws<ArgumentException>(() => consumer.NextObjectInto<int>(new int[2]));
        Assert.Contains("System.Int32[]", Assert.Throws<InvalidCastException>(() => consumer.NextObjectInto<long>(new long[3])).Message, StringComparison.Ordinal);
        int[] buffer = new int[3];
        Assert.Equal(3, consumer.NextObjectInto<int>(buffer));
        Assert.Equal([1, 2, 3], buffer);
    }

    [Fact]
    public void A_missing_object_is_named_and_taken_filtered_ones_are_skipped_and_evicted_and_the_end_is_thrown()
    {
        using var files = new StreamStore();
        (RecordingPublisher publisher, ChannelSubscriber subscriber) = StreamPairs.Recording();
        using var producer = new StreamProducer<byte[]>(publisher, stores: new Dictionary<string, Store?> { [Topic] = files.Store });
        using var consumer = new StreamConsumer<byte[]>(subscriber, new PredicateFilter(m => m.ContainsKey("skip")));
        producer.Send(Topic, Bytes(100, seed: 1));
        producer.Send(Topic, Bytes(200, seed: 2), metadata: new { skip = true });
        producer.Send(Topic, Bytes(300, seed: 3));
        producer.CloseTopics(Topic);
        files.Store.Evict(publisher.KeyEvents.First().Key);
        byte[] buffer = new byte[300];

        var missing = Assert.Throws<KeyNotFoundException>(() => consumer.NextObjectInto<byte>(buffer));
        Assert.Contains(publisher.KeyEvents.First().Key.ToString(), missing.Message, StringComparison.Ordinal);
        Assert.Contains(files.Store.Name, missing.Message, StringComparison.Ordinal);
        Assert.Equal(300, consumer.NextObjectInto<byte>(buffer));
        Assert.Equal(Bytes(300, seed: 3), buffer);
        Assert.Equal(1, consumer.GetCounters(Topic).Filtered);
        Assert.Equal(0, files.StoredCount);
        Assert.Equal(Topic, Assert.Throws<StreamEndedException>(() => consumer.NextObjectInto<byte>(buffer)).Topic);
    }

    [Fact]
    public void The_filter_is_asked_once_for_an_item_that_stays_the_next_item()
    {
        using var files = new StreamStore();
        (ChannelPublisher publisher, ChannelSubscriber subscriber) = ChannelPublisher.CreatePair(Topic);
        using var producer = new StreamProducer<byte[]>(publisher, stores: new Dictionary<string, Store?> { [Topic] = files.Store });
        int asked = 0;
        // Drops every item it is asked about a second time: a retry must not ask again.
        using var consumer = new StreamConsumer<byte[]>(subscriber, new PredicateFilter(_ => ++asked > 1));
        byte[] item = Bytes(1_000, seed: 5);
        producer.Send(Topic, item);

        Assert.Throws<ArgumentException>(() => consumer.NextObjectInto<byte>(new byte[10]));
        Assert.Throws<InvalidCastException>(() => consumer.NextObjectInto<long>(new long[1_000]));
        Assert.Equal(item, consumer.NextObject());

        Assert.Equal(1, asked);
        Assert.Equal(0, consumer.GetCounters(Topic).Filtered);
        Assert.Equal(1, consumer.GetCounters(Topic).Received);
    }

    [Fact]
    public void A_damaged_item_is_taken_so_the_next_one_can_be_read()
    {
        using var files = new StreamStore();
        (RecordingPublisher publisher, ChannelSubscriber subscriber) = StreamPairs.Recording();
        using var producer = new StreamProducer<byte[]>(publisher, stores: new Dictionary<string, Store?> { [Topic] = files.Store });
        using var consumer = new StreamConsumer<byte[]>(subscriber);
        producer.Send(Topic, Bytes(50_000, seed: 1));
        producer.Send(Topic, Bytes(60_000, seed: 2));
        string path = Path.Join(files.Directory, publisher.KeyEvents.First().Key.Id);
        byte[] file = File.ReadAllBytes(path);
        file[^5] ^= 0x40;
        File.WriteAllBytes(path, file);
        byte[] buffer = new byte[60_000];

        Assert.Contains("damaged", Assert.Throws<StoreSerializationException>(() => consumer.NextObjectInto<byte>(buffer)).Message, StringComparison.Ordinal);
        Assert.Equal(60_000, consumer.NextObjectInto<byte>(buffer));
        Assert.Equal(Bytes(60_000, seed: 2), buffer);
    }

    [Fact]
    public void An_inline_grid_arrives_row_by_row_and_other_element_types_are_refused_exactly()
    {
        (ChannelPublisher publisher, ChannelSubscriber subscriber) = ChannelPublisher.CreatePair(Topic);
        using var producer = new StreamProducer<object>(publisher, stores: new Dictionary<string, Store?> { [Topic] = null });
        using var consumer = new StreamConsumer<object>(subscriber);
        producer.Send(Topic, new int[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        producer.Send(Topic, new sbyte[] { -1, 2 });

        int[] grid = new int[6];
        Assert.Equal(6, consumer.NextObjectInto<int>(grid));
        Assert.Equal([1, 2, 3, 4, 5, 6], grid);
        Assert.Contains("System.SByte[]", Assert.Throws<InvalidCastException>(() => consumer.NextObjectInto<byte>(new byte[2])).Message, StringComparison.Ordinal);
        sbyte[] signed = new sbyte[2];
        Assert.Equal(2, consumer.NextObjectInto<sbyte>(signed));
        Assert.Equal([-1, 2], signed);
    }

    private static byte[] Bytes(int length, int seed)
    {
        byte[] bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}

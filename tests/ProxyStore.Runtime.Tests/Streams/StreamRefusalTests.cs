using System.Text;
using System.Threading.Channels;
using ProxyStore.Streams;

namespace ProxyStore.Tests.Streams;

/// <summary>Bad input and failures: clear exceptions, and nothing lost or half-written.</summary>
public sealed class StreamRefusalTests
{
    private const string Topic = StreamPairs.Topic;

    [Fact]
    public void A_send_whose_publication_fails_leaves_nothing_in_the_store_or_the_buffer()
    {
        using var files = new StreamStore();
        using var producer = new StreamProducer<string>(StreamPairs.Broken(), stores: new Dictionary<string, Store?> { [Topic] = files.Store });

        Assert.Throws<ChannelClosedException>(() => producer.Send(Topic, "value"));

        Assert.Equal(0, files.StoredCount);
        Assert.Equal(default, producer.GetCounters(Topic));
        // Nothing is left buffered for a later flush to publish.
        producer.Flush();
        Assert.Equal(0, files.StoredCount);
    }

    [Fact]
    public async Task A_failed_flush_keeps_the_batch_for_the_next_flush_and_a_failed_close_leaves_the_topic_open()
    {
        using var files = new StreamStore();
        Channel<byte[]> channel = Channel.CreateBounded<byte[]>(1);
        var publisher = new ChannelPublisher(new Dictionary<string, ChannelWriter<byte[]>> { [Topic] = channel.Writer });
        await using var producer = new StreamProducer<string>(publisher, stores: new Dictionary<string, Store?> { [Topic] = files.Store }, batchSize: 5);
        await producer.SendAsync(Topic, "a");
        await producer.SendAsync(Topic, "b");
        Assert.True(channel.Writer.TryWrite([1])); // the channel is full now

        using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => producer.CloseTopicsAsync([Topic], cancel.Token).AsTask());
        }

        Assert.Equal(0, files.StoredCount);
        Assert.True(channel.Reader.TryRead(out _));
        await producer.SendAsync(Topic, "c");
        await producer.CloseTopicsAsync(Topic);

        await using var consumer = new StreamConsumer<string>(new ChannelSubscriber(channel.Reader));
        var all = new List<string>();
        await foreach (string item in consumer)
        {
            all.Add(item);
        }

        Assert.Equal(["a", "b", "c"], all);
    }

    [Fact]
    public void Every_asynchronous_method_of_the_stream_types_takes_a_cancellation_token_last()
    {
        var missing = typeof(StreamProducer<>).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == typeof(StreamProducer<>).Namespace)
            .SelectMany(t => t.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.DeclaredOnly))
            .Where(m => m.Name.EndsWith("Async", StringComparison.Ordinal) && m.Name != nameof(IAsyncDisposable.DisposeAsync))
            // A consumer's CloseAsync only disposes, as DisposeAsync does: half a disposal cannot be undone, so neither takes a token.
            .Where(m => !(m.DeclaringType!.Name.StartsWith("StreamConsumer", StringComparison.Ordinal) && m.Name == "CloseAsync"))
            .Where(m => m.GetParameters() is not [.., { ParameterType: var last }] || last != typeof(CancellationToken))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}({string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name))})");

        Assert.Empty(missing);
    }

    [Fact]
    public async Task Closing_one_topic_asynchronously_can_be_cancelled_and_leaves_it_open()
    {
        using var files = new StreamStore();
        Channel<byte[]> channel = Channel.CreateUnbounded<byte[]>();
        var publisher = new ChannelPublisher(new Dictionary<string, ChannelWriter<byte[]>> { [Topic] = channel.Writer });
        await using var producer = new StreamProducer<string>(publisher, stores: new Dictionary<string, Store?> { [Topic] = files.Store });
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => producer.CloseTopicsAsync(Topic, cancelled.Token).AsTask());

        await producer.SendAsync(Topic, "still open");
        Assert.Equal(1, producer.GetCounters(Topic).Sent);
    }

    [Fact]
    public void Bad_arguments_are_refused_with_what_was_wrong()
    {
        (ChannelPublisher publisher, ChannelSubscriber _) = ChannelPublisher.CreatePair(Topic);
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamProducer<string>(publisher, batchSize: 0));
        using var producer = new StreamProducer<string>(publisher);

        Assert.ThrowsAny<ArgumentException>(() => producer.Send("", "value"));
        Assert.Throws<ArgumentNullException>(() => producer.Send(Topic, null!));
        ArgumentException notObject = Assert.Throws<ArgumentException>(() => producer.Send(Topic, "value", metadata: 5));
        Assert.Contains("'default'", notObject.Message);
        Assert.Contains("JSON object", notObject.Message);
        ArgumentException unknown = Assert.Throws<ArgumentException>(() => producer.Send("elsewhere", "value"));
        Assert.Contains("'elsewhere'", unknown.Message);
        Assert.Equal(default, producer.GetCounters("elsewhere"));
    }

    [Fact]
    public void A_disposed_producer_refuses_sends()
    {
        (ChannelPublisher publisher, ChannelSubscriber _) = ChannelPublisher.CreatePair(Topic);
        var producer = new StreamProducer<string>(publisher);
        producer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => producer.Send(Topic, "value"));
    }

    [Fact]
    public void A_consumer_fails_clearly_on_an_event_of_a_newer_version_and_reads_on_after_it()
    {
        (ChannelPublisher publisher, ChannelSubscriber subscriber) = ChannelPublisher.CreatePair(Topic);
        using var consumer = new StreamConsumer<string>(subscriber);
        publisher.SendMessage(Topic, Encoding.UTF8.GetBytes("""{"version":2,"topic":"default","events":[{"type":"new_object_v2","blob":"x"}]}"""));
        using var producer = new StreamProducer<string>(publisher);
        producer.Send(Topic, "after");

        StreamEventVersionException e = Assert.Throws<StreamEventVersionException>(() => consumer.Next());

        Assert.Equal(2, e.Version);
        Assert.Equal(Topic, e.Topic);
        Assert.Contains("version 2", e.Message);
        Assert.Contains("update the consumer", e.Message);
        Assert.Equal("after", consumer.Next());
    }

    [Fact]
    public void A_consumer_of_a_completed_channel_ends()
    {
        (ChannelPublisher publisher, ChannelSubscriber subscriber) = ChannelPublisher.CreatePair(Topic);
        using var consumer = new StreamConsumer<string>(subscriber);
        publisher.Dispose();

        StreamEndedException e = Assert.Throws<StreamEndedException>(() => consumer.Next());
        Assert.Null(e.Topic);
    }

    [Fact]
    public void Inline_objects_of_another_type_than_the_consumer_s_fail_naming_the_topic_and_types()
    {
        (ChannelPublisher publisher, ChannelSubscriber subscriber) = ChannelPublisher.CreatePair(Topic);
        using var producer = new StreamProducer<object>(publisher);
        using var consumer = new StreamConsumer<IReading>(subscriber);
        producer.Send(Topic, new List<int> { 1 });

        Exception e = Assert.ThrowsAny<InvalidCastException>(() => consumer.Next());
        Assert.Contains(nameof(IReading), e.Message);
    }

    [Fact]
    public async Task Counters_and_closing_do_not_wait_for_a_read_that_waits_for_a_message()
    {
        (ChannelPublisher publisher, ChannelSubscriber subscriber) = ChannelPublisher.CreatePair(Topic);
        var consumer = new StreamConsumer<string>(subscriber);
        using var producer = new StreamProducer<string>(publisher);
        ValueTask<string> waiting = consumer.NextAsync();
        Assert.False(waiting.IsCompleted);

        Assert.Equal(default, consumer.GetCounters(Topic));
        consumer.Close(stores: true, subscriber: false);

        producer.Send(Topic, "late");
        Assert.Equal("late", await waiting);
    }
}

using System.Diagnostics;
using System.Diagnostics.Metrics;
using ProxyStore.Connectors;
using ProxyStore.Streams;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Streams;

/// <summary>Per-topic counters on the ProxyStore meter, and spans that link a consumer's resolution to the producer's send.</summary>
[Collection(ListenerCollection.Name)]
public sealed class StreamTelemetryTests
{
    [Fact]
    public async Task The_meter_counts_per_topic_what_was_sent_filtered_batched_and_received()
    {
        string topic = "counted-" + Guid.NewGuid().ToString("N");
        var counts = new Dictionary<(string Instrument, string? Side), long>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == StoreTelemetry.Name && instrument.Name.StartsWith("proxystore.stream.", StringComparison.Ordinal))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? measuredTopic = null;
            string? side = null;
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                measuredTopic = tag.Key == StreamTelemetry.TopicTag ? tag.Value as string : measuredTopic;
                side = tag.Key == StreamTelemetry.SideTag ? tag.Value as string : side;
            }

            if (measuredTopic == topic)
            {
                lock (counts)
                {
                    counts[(instrument.Name, side)] = counts.GetValueOrDefault((instrument.Name, side)) + value;
                }
            }
        });
        meters.Start();

        using var store = new Store(UniqueNames.Store("stream-meter"), new LocalConnector(), register: true);
        (ChannelPublisher publisher, ChannelSubscriber subscriber) = ChannelPublisher.CreatePair(topic);
        var odd = new PredicateFilter(m => m["i"].GetInt32() % 2 == 1);
        await using var producer = new StreamProducer<string>(publisher, stores: new Dictionary<string, Store?> { [topic] = store }, batchSize: 2, filter: odd);
        await using var consumer = new StreamConsumer<string>(subscriber, filter: new PredicateFilter(m => m["i"].GetInt32() == 4));
        for (int i = 0; i < 10; i++)
        {
            await producer.SendAsync(topic, $"item {i}", metadata: new { i });
        }

        await producer.CloseTopicsAsync(topic);
        var received = new List<string>();
        await foreach (string item in consumer)
        {
            received.Add(item);
        }

        Assert.Equal(["item 0", "item 2", "item 6", "item 8"], received);
        Assert.Equal(5, counts[(StreamTelemetry.SentCounter, null)]);
        Assert.Equal(5, counts[(StreamTelemetry.FilteredCounter, "producer")]);
        Assert.Equal(1, counts[(StreamTelemetry.FilteredCounter, "consumer")]);
        Assert.Equal(3, counts[(StreamTelemetry.BatchesCounter, null)]); // 2 + 2 + (1 and the end)
        Assert.Equal(4, counts[(StreamTelemetry.ReceivedCounter, null)]);
        Assert.Equal(new StreamTopicCounters(5, 5, 3, 0), producer.GetCounters(topic));
        Assert.Equal(new StreamTopicCounters(0, 1, 3, 4), consumer.GetCounters(topic));
    }

    [Fact]
    public async Task A_consumer_s_resolutions_link_to_the_producer_s_sends_and_the_store_records_puts_and_resolutions()
    {
        string topic = "traced-" + Guid.NewGuid().ToString("N");
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == StoreTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (stopped)
                {
                    stopped.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        using var store = new Store(UniqueNames.Store("stream-trace"), new LocalConnector(), metrics: true, register: true);
        (ChannelPublisher publisher, ChannelSubscriber subscriber) = ChannelPublisher.CreatePair(topic);
        await using var producer = new StreamProducer<IReading>(publisher, stores: new Dictionary<string, Store?> { [topic] = store }, batchSize: 2);
        await using var consumer = new StreamConsumer<IReading>(subscriber);
        await producer.SendAsync(topic, new Reading(1, "lazy"));
        await producer.SendAsync(topic, new Reading(2, "eager"));

        IReading proxy = await consumer.NextAsync();
        Assert.Equal("lazy", proxy.Label);
        IReading fetched = await consumer.NextObjectAsync();
        Assert.Equal("eager", fetched.Label);

        Activity[] mine;
        lock (stopped)
        {
            mine = [.. stopped.Where(a => Equals(a.GetTagItem(StreamTelemetry.TopicTag), topic) || Equals(a.GetTagItem(StoreTelemetry.StoreTag), store.Name))];
        }

        Activity[] sends = [.. mine.Where(a => a.OperationName == StreamTelemetry.SendActivity)];
        Assert.Equal(2, sends.Length);
        Assert.All(sends, s => Assert.Equal(store.Name, s.GetTagItem(StoreTelemetry.StoreTag)));
        Activity flush = Assert.Single(mine, a => a.OperationName == StreamTelemetry.FlushActivity);
        Assert.Equal(2, flush.GetTagItem(StreamTelemetry.ObjectsTag));

        Activity resolve = Assert.Single(mine, a => a.OperationName == MetricNames.FactoryResolve);
        Assert.Equal(sends[0].SpanId, Assert.Single(resolve.Links).Context.SpanId);
        Assert.Equal(sends[0].TraceId, Assert.Single(resolve.Links).Context.TraceId);
        Activity eager = Assert.Single(mine, a => a.OperationName == StreamTelemetry.ResolveActivity);
        Assert.Equal(sends[1].SpanId, Assert.Single(eager.Links).Context.SpanId);

        // The store's own metrics hold the batch put and both resolutions.
        IReadOnlyDictionary<string, TimeStats> times = store.Metrics!.AggregateTimes();
        Assert.Equal(1, times[MetricNames.PutBatch].Count);
        Assert.Equal(1, times[MetricNames.FactoryResolve].Count);
        Assert.Equal(2, times[MetricNames.Get].Count);
        Assert.Equal(2, times[MetricNames.Evict].Count);
    }
}

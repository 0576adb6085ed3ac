using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ProxyStore.Streams;

/// <summary>
/// The names under which streams report to the <c>ProxyStore</c> meter and activity source
/// (<see cref="StoreTelemetry"/>): per-topic counters of what producers send, filter and batch
/// and what consumers receive, and spans for sends, flushes and resolutions. A consumer's
/// resolution span links to the producer's send span, in this or another process.
/// </summary>
public static class StreamTelemetry
{
    /// <summary>The tag holding the topic.</summary>
    public const string TopicTag = "proxystore.topic";

    /// <summary>The tag saying which side filtered an object: <c>producer</c> or <c>consumer</c>.</summary>
    public const string SideTag = "proxystore.stream.side";

    /// <summary>The tag of a flush span holding how many objects its batch carries.</summary>
    public const string ObjectsTag = "proxystore.stream.objects";

    /// <summary>The counter of objects producers published (before aggregation).</summary>
    public const string SentCounter = "proxystore.stream.sent";

    /// <summary>The counter of objects a filter dropped, on either side.</summary>
    public const string FilteredCounter = "proxystore.stream.filtered";

    /// <summary>The counter of event batches producers published.</summary>
    public const string BatchesCounter = "proxystore.stream.batches";

    /// <summary>The counter of objects consumers handed out.</summary>
    public const string ReceivedCounter = "proxystore.stream.received";

    /// <summary>The span of one <c>Send</c>; its id travels in the object's event.</summary>
    public const string SendActivity = "stream.send";

    /// <summary>The span of one flush: the batch put and the publication of its event.</summary>
    public const string FlushActivity = "stream.flush";

    /// <summary>The span of a consumer's <c>NextObject</c> resolving an object from a store, linked to the send.</summary>
    public const string ResolveActivity = "stream.resolve";

    private static readonly Counter<long> Sent = StoreTelemetry.Meter.CreateCounter<long>(SentCounter, "{object}", "Objects stream producers published, per topic, counted before aggregation.");

    private static readonly Counter<long> Filtered = StoreTelemetry.Meter.CreateCounter<long>(FilteredCounter, "{object}", "Objects a stream filter dropped, per topic and side.");

    private static readonly Counter<long> Batches = StoreTelemetry.Meter.CreateCounter<long>(BatchesCounter, "{batch}", "Event batches stream producers published, per topic.");

    private static readonly Counter<long> Received = StoreTelemetry.Meter.CreateCounter<long>(ReceivedCounter, "{object}", "Objects stream consumers handed out, per topic.");

    internal static void RecordSent(string topic, long objects) => Add(Sent, objects, topic);

    internal static void RecordBatch(string topic) => Add(Batches, 1, topic);

    internal static void RecordReceived(string topic) => Add(Received, 1, topic);

    internal static void RecordFiltered(string topic, bool producer)
    {
        if (Filtered.Enabled)
        {
            Filtered.Add(1, new KeyValuePair<string, object?>(TopicTag, topic), new KeyValuePair<string, object?>(SideTag, producer ? "producer" : "consumer"));
        }
    }

    private static void Add(Counter<long> counter, long value, string topic)
    {
        if (counter.Enabled)
        {
            counter.Add(value, new KeyValuePair<string, object?>(TopicTag, topic));
        }
    }

    /// <summary>Starts a stream span on <paramref name="topic"/>, or returns null when nobody listens.</summary>
    internal static Activity? Start(string operation, string topic, Store? store, string? linkTo = null)
    {
        if (!StoreTelemetry.Tracing)
        {
            return null;
        }

        Activity? activity = ActivityContext.TryParse(linkTo, null, out ActivityContext link)
            ? StoreTelemetry.ActivitySource.StartActivity(operation, ActivityKind.Internal, parentContext: default, links: [new ActivityLink(link)])
            : StoreTelemetry.ActivitySource.StartActivity(operation, ActivityKind.Internal);
        activity?.SetTag(TopicTag, topic);
        if (store is not null)
        {
            activity?.SetTag(StoreTelemetry.StoreTag, store.Name);
        }

        return activity;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ProxyStore.Connectors;
using ProxyStore.Streams;

namespace ProxyStore.TestConsumer;

/// <summary>
/// The two sides of a stream over Redis, each run as its own process:
/// <c>stream-consume &lt;host:port&gt; &lt;topic&gt; &lt;pubsub|queue&gt;</c> prints <c>ready</c> once subscribed,
/// reads <see cref="IPayload"/> proxies until the end of the stream and prints a
/// <see cref="StreamConsumeReport"/>; <c>stream-produce &lt;host:port&gt; &lt;topic&gt; &lt;pubsub|queue&gt;
/// &lt;key-prefix&gt; &lt;count&gt; &lt;bytes&gt;</c> streams that many payloads through a Redis store and prints a
/// <see cref="StreamProduceReport"/>.
/// </summary>
public static class StreamMode
{
    /// <summary>Runs the consumer side; the exit code.</summary>
    public static async Task<int> ConsumeAsync(string endpoint, string topic, string broker)
    {
        (string host, int port) = Split(endpoint);
        var links = new List<string>();
        using ActivityListener listener = Listen(MetricNames.FactoryResolve, activity => links.AddRange(activity.Links.Select(l => $"{l.Context.TraceId}-{l.Context.SpanId}")));
        IStreamSubscriber subscriber = broker == "queue"
            ? await RedisQueueSubscriber.ConnectAsync(host, port, topic)
            : await RedisSubscriber.ConnectAsync(host, port, topic);
        await using var consumer = new StreamConsumer<IPayload>(subscriber);
        Console.WriteLine("ready");

        int received = 0;
        int verified = 0;
        bool allProxies = true;
        var labels = new List<string>();
        await foreach ((IReadOnlyDictionary<string, JsonElement> metadata, IPayload payload) in consumer.ReadWithMetadataAsync())
        {
            received++;
            allProxies &= Proxies.IsProxy(payload) && !Proxies.IsResolved(payload);
            labels.Add(payload.Label);
            if (payload.Checksum() == metadata["checksum"].GetInt64())
            {
                verified++;
            }
        }

        Console.WriteLine(JsonSerializer.Serialize(new StreamConsumeReport(received, verified, allProxies, labels, links, consumer.GetCounters(topic).Batches)));
        return 0;
    }

    /// <summary>Runs the producer side; the exit code.</summary>
    public static async Task<int> ProduceAsync(string endpoint, string topic, string broker, string keyPrefix, int count, int bytes)
    {
        (string host, int port) = Split(endpoint);
        var sends = new List<string>();
        using ActivityListener listener = Listen(StreamTelemetry.SendActivity, activity => sends.Add($"{activity.TraceId}-{activity.SpanId}"));
        // The consumer evicts what it resolves; the producer's store must not clear the rest behind its back.
        RedisConnector connector = await RedisConnector.ConnectAsync(host, port, new RedisConnectorOptions { KeyPrefix = keyPrefix, Clear = false });
        await using var store = new Store("stream-" + keyPrefix, connector, register: true);
        IStreamPublisher publisher = broker == "queue"
            ? await RedisQueuePublisher.ConnectAsync(host, port)
            : await RedisPublisher.ConnectAsync(host, port);
        await using var producer = new StreamProducer<IPayload>(publisher, stores: new Dictionary<string, Store?> { [topic] = store }, batchSize: 2);
        var random = new Random(7);
        for (int i = 0; i < count; i++)
        {
            byte[] data = new byte[bytes];
            random.NextBytes(data);
            var payload = new Payload($"payload {i}", data);
            await producer.SendAsync(topic, payload, evict: true, metadata: new { index = i, checksum = payload.Checksum() });
        }

        await producer.CloseTopicsAsync(topic);
        Console.WriteLine(JsonSerializer.Serialize(new StreamProduceReport(count, sends, producer.GetCounters(topic).Batches)));
        return 0;
    }

    private static ActivityListener Listen(string operation, Action<Activity> stopped)
    {
        var gate = new Lock();
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == StoreTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.OperationName == operation)
                {
                    lock (gate)
                    {
                        stopped(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private static (string Host, int Port) Split(string endpoint)
    {
        int colon = endpoint.LastIndexOf(':');
        return (endpoint[..colon], int.Parse(endpoint.AsSpan(colon + 1), CultureInfo.InvariantCulture));
    }
}

/// <summary>What the consumer process read.</summary>
public sealed record StreamConsumeReport(int Received, int Verified, bool AllLazyProxies, List<string> Labels, List<string> ResolveLinks, long Batches);

/// <summary>What the producer process sent.</summary>
public sealed record StreamProduceReport(int Sent, List<string> SendSpans, long Batches);

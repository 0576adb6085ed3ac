using System.Diagnostics;
using System.Text.Json;

namespace ProxyStore.Streams;

public sealed partial class StreamProducer<T>
{
    private IEnumerable<Store> KnownStores() =>
        _stores.Values.Append(_defaultStore).OfType<Store>().Distinct();

    /// <summary>Everything about a send that needs no lock: arguments, metadata, the send span.</summary>
    private Buffered Begin(string topic, T obj, bool evict, object? metadata, out Activity? activity)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        if (obj is null)
        {
            throw new ArgumentNullException(nameof(obj), $"The object sent to topic '{topic}' is null; a stream carries objects.");
        }

        ThrowIfDisposed();
        IReadOnlyDictionary<string, JsonElement> json = StreamMetadata.From(metadata, topic);
        activity = StreamTelemetry.Start(StreamTelemetry.SendActivity, topic, StoreOf(topic));
        return new Buffered(obj, evict, json, activity?.Id);
    }

    /// <summary>Filters and buffers an item (under the gate); returns the topic's buffer when its batch is full.</summary>
    private TopicBuffer? Accept(string topic, Buffered item)
    {
        ThrowIfDisposed();
        TopicBuffer buffer = BufferOf(topic);
        if (buffer.Closed)
        {
            throw new TopicClosedException(topic);
        }

        if (_filter.Drop(item.Metadata))
        {
            buffer.Filtered++;
            StreamTelemetry.RecordFiltered(topic, producer: true);
            return null;
        }

        buffer.Items.Add(item);
        return buffer.Items.Count >= _batchSize ? buffer : null;
    }

    private TopicBuffer BufferOf(string topic)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        if (!_buffers.TryGetValue(topic, out TopicBuffer? buffer))
        {
            buffer = new TopicBuffer();
            _buffers[topic] = buffer;
        }

        return buffer;
    }

    /// <param name="topic">The topic.</param>
    /// <param name="buffer">Its buffer.</param>
    /// <param name="closing">Whether the batch ends the topic.</param>
    /// <param name="consumers">When it does, how many end-of-stream events to publish: one for each consumer of a shared queue.</param>
    private void PublishCore(string topic, TopicBuffer buffer, bool closing, int consumers = 1)
    {
        if (Prepare(topic, buffer, closing) is not { } batch)
        {
            return;
        }

        using Activity? activity = StreamTelemetry.Start(StreamTelemetry.FlushActivity, topic, batch.Store);
        activity?.SetTag(StreamTelemetry.ObjectsTag, batch.Objects.Count);
        IReadOnlyList<StoreKey>? keys = batch.Store is null || batch.Objects.Count == 0 ? null : batch.Store.PutBatch(batch.Objects.Select(o => o.Object));
        try
        {
            Publisher.SendMessage(topic, Message(topic, batch, keys));
        }
        catch
        {
            EvictQuietly(batch.Store, keys);
            throw;
        }

        Commit(topic, buffer, batch);
        for (int more = batch.EndOfStream ? consumers - 1 : 0; more > 0; more--)
        {
            Publisher.SendMessage(topic, EndOfStream(topic));
        }
    }

    private async ValueTask PublishCoreAsync(string topic, TopicBuffer buffer, bool closing, int consumers, CancellationToken cancellationToken)
    {
        if (Prepare(topic, buffer, closing) is not { } batch)
        {
            return;
        }

        using Activity? activity = StreamTelemetry.Start(StreamTelemetry.FlushActivity, topic, batch.Store);
        activity?.SetTag(StreamTelemetry.ObjectsTag, batch.Objects.Count);
        IReadOnlyList<StoreKey>? keys = batch.Store is null || batch.Objects.Count == 0
            ? null
            : await batch.Store.PutBatchAsync(batch.Objects.Select(o => o.Object), cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            await Publisher.SendMessageAsync(topic, Message(topic, batch, keys), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            EvictQuietly(batch.Store, keys);
            throw;
        }

        Commit(topic, buffer, batch);
        for (int more = batch.EndOfStream ? consumers - 1 : 0; more > 0; more--)
        {
            await Publisher.SendMessageAsync(topic, EndOfStream(topic), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A message holding only the end of <paramref name="topic"/>'s stream, for one more consumer of a shared queue.</summary>
    private static byte[] EndOfStream(string topic) => StreamEventJson.ToBytes(new EventBatch(topic, [new EndOfStreamEvent(topic)]));

    /// <summary>The batch a flush of <paramref name="buffer"/> publishes, or null when there is nothing to publish. Changes nothing.</summary>
    private PendingBatch? Prepare(string topic, TopicBuffer buffer, bool closing)
    {
        bool endOfStream = (closing || buffer.Closed) && !buffer.EndSent;
        if (buffer.Items.Count == 0 && !endOfStream)
        {
            return null;
        }

        IReadOnlyList<Buffered> objects = buffer.Items.ToArray();
        if (_aggregator is not null && objects.Count > 0)
        {
            T aggregate = _aggregator(objects.Select(o => o.Object).ToArray());
            var metadata = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (Buffered item in objects)
            {
                foreach ((string name, JsonElement value) in item.Metadata)
                {
                    metadata[name] = value;
                }
            }

            objects = [new Buffered(aggregate, objects.Any(o => o.Evict), metadata, objects[0].TraceParent)];
        }

        Store? store = StoreOf(topic);
        // Asked before anything is stored: a store that cannot describe itself stores nothing.
        StoreConfig? config = store is null || objects.Count == 0 ? null : store.ToConfig();
        return new PendingBatch(objects, buffer.Items.Count, endOfStream, store, config);
    }

    private byte[] Message(string topic, PendingBatch batch, IReadOnlyList<StoreKey>? keys)
    {
        var events = new List<StreamEvent>(batch.Objects.Count + 1);
        for (int i = 0; i < batch.Objects.Count; i++)
        {
            Buffered item = batch.Objects[i];
            events.Add(keys is null
                ? new NewObjectEvent(topic, _serializer.Serialize(item.Object), item.Metadata)
                : new NewObjectKeyEvent(topic, keys[i], batch.Config!, item.Evict, item.Metadata, item.TraceParent));
        }

        if (batch.EndOfStream)
        {
            events.Add(new EndOfStreamEvent(topic));
        }

        return StreamEventJson.ToBytes(new EventBatch(topic, events));
    }

    private static void Commit(string topic, TopicBuffer buffer, PendingBatch batch)
    {
        buffer.Items.RemoveRange(0, batch.BufferedCount);
        buffer.Sent += batch.BufferedCount;
        buffer.Batches++;
        if (batch.EndOfStream)
        {
            buffer.Closed = true;
            buffer.EndSent = true;
        }

        StreamTelemetry.RecordSent(topic, batch.BufferedCount);
        StreamTelemetry.RecordBatch(topic);
    }

    private static void EvictQuietly(Store? store, IReadOnlyList<StoreKey>? keys)
    {
        if (store is null || keys is null)
        {
            return;
        }

        foreach (StoreKey key in keys)
        {
            try
            {
                store.Evict(key);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The publication's failure is the one to report; an object left behind here
                // is no worse than the failure that stranded it.
            }
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);

    private sealed record Buffered(T Object, bool Evict, IReadOnlyDictionary<string, JsonElement> Metadata, string? TraceParent);

    private sealed record PendingBatch(IReadOnlyList<Buffered> Objects, int BufferedCount, bool EndOfStream, Store? Store, StoreConfig? Config);

    private sealed class TopicBuffer
    {
        public List<Buffered> Items { get; } = [];

        public bool Closed { get; set; }

        public bool EndSent { get; set; }

        public long Sent { get; set; }

        public long Filtered { get; set; }

        public long Batches { get; set; }
    }
}

using System.Diagnostics;
using System.Text.Json;
using ProxyStore.Serialization;

namespace ProxyStore.Streams;

/// <summary>
/// Sends objects to a stream whose bulk data moves through stores and whose events move
/// through a broker: each topic's objects are buffered into batches of <c>batchSize</c>; a full
/// batch is put into the topic's <see cref="Store"/> with one <see cref="Store.PutBatch{T}"/> and
/// announced with one event batch (keys and store config, never the data) through the
/// <see cref="IStreamPublisher"/>. A topic without a store sends its objects inside the event.
/// A <see cref="StreamConsumer{T}"/> reads the stream.
/// </summary>
/// <typeparam name="T">The type of the objects in the stream.</typeparam>
/// <remarks>
/// <para><b>Thread-safe.</b> Calls are serialized: batches of a topic are published in the order
/// of their objects' sends.</para>
/// <para><b>Failures.</b> A call that fails changes nothing: a <c>Send</c> whose flush fails leaves
/// its object out of the buffer, a failed flush keeps the batch buffered for the next flush, and
/// objects put into the store for a batch whose event could not be published are evicted again.</para>
/// <para><b>Eviction.</b> With <c>evict: true</c> (the default) the consumer's proxy evicts the
/// object when it resolves, so each object can be resolved once; send with <c>evict: false</c>
/// when several consumers read the same objects, and evict them yourself.</para>
/// </remarks>
public sealed class StreamProducer<T> : IDisposable, IAsyncDisposable
{
    private readonly Dictionary<string, Store?> _stores;
    private readonly Store? _defaultStore;
    private readonly int _batchSize;
    private readonly Func<IReadOnlyList<T>, T>? _aggregator;
    private readonly IStreamFilter _filter;
    private readonly ISerializer _serializer;
    private readonly Dictionary<string, TopicBuffer> _buffers = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _disposed;

    /// <summary>Creates a producer.</summary>
    /// <param name="publisher">The broker's publisher that carries the event batches.</param>
    /// <param name="stores">The store of each topic; a topic mapped to <see langword="null"/> sends its objects inline.</param>
    /// <param name="batchSize">How many objects of a topic are buffered before they are put and announced together; 1 or more.</param>
    /// <param name="aggregator">Turns a full batch into one object (their sum, say); the metadata of the result is the union of the batch's.</param>
    /// <param name="defaultStore">The store of topics not in <paramref name="stores"/>; without one they send inline.</param>
    /// <param name="filter">Drops objects by their metadata before they are buffered.</param>
    /// <param name="serializer">Serializes the objects of topics without a store; <see cref="DefaultSerializer"/> when null. The consumer needs the same one.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">A topic in <paramref name="stores"/> is null or empty.</exception>
    public StreamProducer(
        IStreamPublisher publisher,
        IReadOnlyDictionary<string, Store?>? stores = null,
        int batchSize = 1,
        Func<IReadOnlyList<T>, T>? aggregator = null,
        Store? defaultStore = null,
        IStreamFilter? filter = null,
        ISerializer? serializer = null)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        if (batchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "A stream's batch size must be 1 or more.");
        }

        _stores = new Dictionary<string, Store?>(StringComparer.Ordinal);
        foreach ((string topic, Store? store) in stores ?? new Dictionary<string, Store?>())
        {
            _stores[string.IsNullOrEmpty(topic) ? throw new ArgumentException("A topic in the stores map is null or empty.", nameof(stores)) : topic] = store;
        }

        Publisher = publisher;
        _batchSize = batchSize;
        _aggregator = aggregator;
        _defaultStore = defaultStore;
        _filter = filter ?? NullFilter.Instance;
        _serializer = serializer ?? DefaultSerializer.Instance;
    }

    /// <summary>The broker's publisher that carries the event batches.</summary>
    public IStreamPublisher Publisher { get; }

    /// <summary>The store that carries <paramref name="topic"/>'s objects, or <see langword="null"/> when they go inline.</summary>
    public Store? StoreOf(string topic) => _stores.TryGetValue(topic, out Store? store) ? store : _defaultStore;

    /// <summary>What this producer did on <paramref name="topic"/> so far.</summary>
    public StreamTopicCounters GetCounters(string topic)
    {
        _gate.Wait();
        try
        {
            return _buffers.TryGetValue(topic, out TopicBuffer? buffer) ? new StreamTopicCounters(buffer.Sent, buffer.Filtered, buffer.Batches, 0) : default;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Sends <paramref name="obj"/> to <paramref name="topic"/>: drops it if the filter says so,
    /// else buffers it and, once the topic's batch is full, puts the batch and publishes its event.
    /// </summary>
    /// <param name="topic">The topic.</param>
    /// <param name="obj">The object; not null.</param>
    /// <param name="evict">Whether the consumer evicts the object from the store as it resolves it (or filters it out). Ignored for topics without a store.</param>
    /// <param name="metadata">
    /// What consumers and filters see of the object: null, a dictionary, an anonymous object or a
    /// record; anything System.Text.Json writes as a JSON object.
    /// </param>
    /// <exception cref="TopicClosedException">The topic was closed.</exception>
    /// <exception cref="ArgumentException">The topic is empty, or the metadata is not a JSON object.</exception>
    /// <exception cref="ObjectDisposedException">The producer is disposed.</exception>
    public void Send(string topic, T obj, bool evict = true, object? metadata = null)
    {
        Buffered item = Begin(topic, obj, evict, metadata, out Activity? activity);
        using (activity)
        {
            _gate.Wait();
            try
            {
                if (Accept(topic, item) is { } full)
                {
                    try
                    {
                        PublishCore(topic, full, closing: false);
                    }
                    catch
                    {
                        // The failed send leaves no trace; the objects sent before it stay buffered.
                        full.Items.Remove(item);
                        throw;
                    }
                }
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>Asynchronous <see cref="Send"/>.</summary>
    public async ValueTask SendAsync(string topic, T obj, bool evict = true, object? metadata = null, CancellationToken cancellationToken = default)
    {
        Buffered item = Begin(topic, obj, evict, metadata, out Activity? activity);
        using (activity)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (Accept(topic, item) is { } full)
                {
                    try
                    {
                        await PublishCoreAsync(topic, full, closing: false, consumers: 1, cancellationToken).ConfigureAwait(false);
                    }
                    catch
                    {
                        // The failed send leaves no trace; the objects sent before it stay buffered.
                        full.Items.Remove(item);
                        throw;
                    }
                }
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>Puts and publishes what every topic has buffered, in incomplete batches.</summary>
    /// <exception cref="ObjectDisposedException">The producer is disposed.</exception>
    public void Flush()
    {
        ThrowIfDisposed();
        _gate.Wait();
        try
        {
            foreach ((string topic, TopicBuffer buffer) in _buffers)
            {
                PublishCore(topic, buffer, closing: false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Asynchronous <see cref="Flush"/>.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach ((string topic, TopicBuffer buffer) in _buffers)
            {
                await PublishCoreAsync(topic, buffer, closing: false, consumers: 1, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Puts and publishes what <paramref name="topic"/> has buffered.</summary>
    public void FlushTopic(string topic)
    {
        ThrowIfDisposed();
        _gate.Wait();
        try
        {
            PublishCore(topic, BufferOf(topic), closing: false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Asynchronous <see cref="FlushTopic"/>.</summary>
    public async ValueTask FlushTopicAsync(string topic, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await PublishCoreAsync(topic, BufferOf(topic), closing: false, consumers: 1, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Ends each of <paramref name="topics"/>: flushes it and publishes an end-of-stream event
    /// after its last objects, which ends consumers' enumerations once they have read the rest.
    /// Sending to a closed topic throws a <see cref="TopicClosedException"/>. Closing a closed topic does nothing.
    /// </summary>
    /// <remarks>
    /// One end-of-stream event reaches every subscriber of a broadcasting broker (Redis pub/sub, a
    /// channel per consumer), but only one consumer of a shared queue (<c>RedisQueuePublisher</c>):
    /// to end all of a queue's consumers, close with <see cref="CloseTopics(IEnumerable{string}, int)"/>.
    /// </remarks>
    public void CloseTopics(params string[] topics) => CloseTopics(topics, consumers: 1);

    /// <summary>
    /// Ends each of <paramref name="topics"/> for <paramref name="consumers"/> consumers that share
    /// its messages (several <c>RedisQueueSubscriber</c>s of one topic, each message to one
    /// of them): after the topic's last objects, publishes one end-of-stream event per consumer.
    /// Each consumer takes one, after every object, and its enumeration ends; with a broadcasting
    /// broker the extra events are ignored (a consumer reads nothing after its end).
    /// </summary>
    /// <param name="topics">The topics to end.</param>
    /// <param name="consumers">How many consumers read each topic's queue; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="consumers"/> is less than 1.</exception>
    public void CloseTopics(IEnumerable<string> topics, int consumers)
    {
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentOutOfRangeException.ThrowIfLessThan(consumers, 1);
        ThrowIfDisposed();
        _gate.Wait();
        try
        {
            foreach (string topic in topics)
            {
                PublishCore(topic, BufferOf(topic), closing: true, consumers);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Asynchronous <see cref="CloseTopics(string[])"/>.</summary>
    public ValueTask CloseTopicsAsync(IEnumerable<string> topics, CancellationToken cancellationToken = default) =>
        CloseTopicsAsync(topics, consumers: 1, cancellationToken);

    /// <summary>Asynchronous <see cref="CloseTopics(string[])"/> of one topic.</summary>
    public ValueTask CloseTopicsAsync(string topic, CancellationToken cancellationToken = default) =>
        CloseTopicsAsync([topic], consumers: 1, cancellationToken);

    /// <summary>Asynchronous <see cref="CloseTopics(IEnumerable{string}, int)"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="consumers"/> is less than 1.</exception>
    public async ValueTask CloseTopicsAsync(IEnumerable<string> topics, int consumers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentOutOfRangeException.ThrowIfLessThan(consumers, 1);
        ThrowIfDisposed();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (string topic in topics)
            {
                await PublishCoreAsync(topic, BufferOf(topic), closing: true, consumers, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Closes the producer: ends <paramref name="topics"/>, then disposes the publisher and,
    /// if asked, the stores. Objects buffered in incomplete batches of other topics are dropped:
    /// flush or close those topics first. Idempotent.
    /// </summary>
    /// <param name="topics">Topics to end first, as <see cref="CloseTopics(string[])"/> does.</param>
    /// <param name="publisher">Whether to dispose the publisher.</param>
    /// <param name="stores">Whether to dispose the stores (which also unregisters them).</param>
    public void Close(IEnumerable<string>? topics = null, bool publisher = true, bool stores = false)
    {
        if (Volatile.Read(ref _disposed) == 1)
        {
            return;
        }

        CloseTopics([.. topics ?? []]);
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (stores)
        {
            foreach (Store store in KnownStores())
            {
                store.Dispose();
            }
        }

        if (publisher)
        {
            Publisher.Dispose();
        }
    }

    /// <summary>Asynchronous <see cref="Close"/>.</summary>
    public async ValueTask CloseAsync(IEnumerable<string>? topics = null, bool publisher = true, bool stores = false, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _disposed) == 1)
        {
            return;
        }

        await CloseTopicsAsync(topics ?? [], cancellationToken).ConfigureAwait(false);
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (stores)
        {
            foreach (Store store in KnownStores())
            {
                await store.DisposeAsync().ConfigureAwait(false);
            }
        }

        if (publisher)
        {
            await Publisher.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary><see cref="Close"/> with its defaults: disposes the publisher, not the stores.</summary>
    public void Dispose() => Close();

    /// <summary><see cref="CloseAsync"/> with its defaults: disposes the publisher, not the stores.</summary>
    public ValueTask DisposeAsync() => CloseAsync();

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

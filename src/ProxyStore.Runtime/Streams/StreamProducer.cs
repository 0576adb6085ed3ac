using ProxyStore.Serialization;

// One type split by concern: this file holds construction and counters; StreamProducer.Sending
// (send and flush), .Closing (ending topics, closing the producer) and .Batches (buffering,
// preparing, publishing and committing batches) the rest.
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
public sealed partial class StreamProducer<T> : IDisposable, IAsyncDisposable
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
}

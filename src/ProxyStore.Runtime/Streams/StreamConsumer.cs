using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ProxyStore.Serialization;

namespace ProxyStore.Streams;

/// <summary>
/// Reads a stream written by a <see cref="StreamProducer{T}"/>: <c>await foreach</c> over it, or
/// call <see cref="Next"/>, <see cref="NextObject"/> and <see cref="NextWithMetadata"/>. Objects
/// that travelled through a store come out as lazy proxies that fetch the object on first use
/// (from the store the event names, found in <see cref="StoreRegistry"/> or made from its
/// config), or already resolved when <typeparamref name="T"/> has no proxies (value types,
/// arrays, strings, sealed classes).
/// </summary>
/// <typeparam name="T">The type of the objects in the stream.</typeparam>
/// <remarks>
/// <para><b>End of stream.</b> An end-of-stream event (the producer's <c>CloseTopics</c>) ends
/// an <c>await foreach</c> and makes <c>Next</c> throw a <see cref="StreamEndedException"/>; so
/// does a subscription the broker ended. The end is not sticky: with several topics on one
/// subscriber, reading on continues with what the other topics send.</para>
/// <para><b>Thread-safe.</b> Calls are serialized, and each event is handed out once.</para>
/// <para><b>Eviction.</b> An object sent with <c>evict: true</c> is evicted by its proxy's
/// resolution, by <see cref="NextObject"/> and <see cref="NextObjectInto{TElement}(Span{TElement}, CancellationToken)"/>, or when this consumer's filter drops it; such a
/// proxy resolves once.</para>
/// </remarks>
public sealed partial class StreamConsumer<T> : IAsyncEnumerable<T>, IDisposable, IAsyncDisposable
{
    private readonly IStreamFilter _filter;
    private readonly ISerializer _serializer;
    private readonly Queue<StreamEvent> _pending = new();
    private readonly Dictionary<string, Store> _stores = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TopicCounts> _counts = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Guards the stores and counters apart from the gate, which a read holds while it waits
    // for a message: counters and Close must not wait for the next message.
    private readonly Lock _state = new();
    private int _disposed;

    // The event at the head of the queue that the filter let through, while a read into the
    // caller's memory that did not fit leaves it there: it is not filtered (or counted) twice.
    private StreamEvent? _admitted;

    /// <summary>Creates a consumer.</summary>
    /// <param name="subscriber">The broker's subscriber that delivers the event batches.</param>
    /// <param name="filter">Drops objects by their metadata as they arrive (evicting them if the producer asked for eviction).</param>
    /// <param name="serializer">Reads objects that came inline; <see cref="DefaultSerializer"/> when null. Must match the producer's.</param>
    public StreamConsumer(IStreamSubscriber subscriber, IStreamFilter? filter = null, ISerializer? serializer = null)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        Subscriber = subscriber;
        _filter = filter ?? NullFilter.Instance;
        _serializer = serializer ?? DefaultSerializer.Instance;
    }

    /// <summary>The broker's subscriber that delivers the event batches.</summary>
    public IStreamSubscriber Subscriber { get; }

    /// <summary>What this consumer did on <paramref name="topic"/> so far.</summary>
    public StreamTopicCounters GetCounters(string topic)
    {
        lock (_state)
        {
            return _counts.TryGetValue(topic, out TopicCounts? counts) ? new StreamTopicCounters(0, counts.Filtered, counts.Batches, counts.Received) : default;
        }
    }

    /// <summary>
    /// The next object: a lazy proxy when it travelled through a store and <typeparamref name="T"/>
    /// has proxies, else the object itself. Registers (at most once per store) the store the event names.
    /// </summary>
    /// <exception cref="StreamEndedException">The stream ended.</exception>
    /// <exception cref="StreamEventFormatException">A message is not an event batch, or is of a newer format version.</exception>
    public T Next(CancellationToken cancellationToken = default) => NextWithMetadata(cancellationToken).Item;

    /// <summary>Asynchronous <see cref="Next"/>.</summary>
    public async ValueTask<T> NextAsync(CancellationToken cancellationToken = default) =>
        (await NextWithMetadataAsync(cancellationToken).ConfigureAwait(false)).Item;

    /// <summary><see cref="Next"/> with the metadata the producer sent along.</summary>
    /// <exception cref="StreamEndedException">The stream ended.</exception>
    public (IReadOnlyDictionary<string, JsonElement> Metadata, T Item) NextWithMetadata(CancellationToken cancellationToken = default) =>
        Ended(Read(lazy: true, cancellationToken));

    /// <summary>Asynchronous <see cref="NextWithMetadata"/>.</summary>
    public async ValueTask<(IReadOnlyDictionary<string, JsonElement> Metadata, T Item)> NextWithMetadataAsync(CancellationToken cancellationToken = default) =>
        Ended(await ReadAsync(lazy: true, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// The next object, fetched now (and evicted if the producer asked for eviction), never a proxy.
    /// </summary>
    /// <exception cref="StreamEndedException">The stream ended.</exception>
    /// <exception cref="KeyNotFoundException">The store no longer has the object the event names; the message names the store, key and topic.</exception>
    public T NextObject(CancellationToken cancellationToken = default) => NextObjectWithMetadata(cancellationToken).Item;

    /// <summary>Asynchronous <see cref="NextObject"/>.</summary>
    public async ValueTask<T> NextObjectAsync(CancellationToken cancellationToken = default) =>
        (await NextObjectWithMetadataAsync(cancellationToken).ConfigureAwait(false)).Item;

    /// <summary><see cref="NextObject"/> with the metadata the producer sent along.</summary>
    public (IReadOnlyDictionary<string, JsonElement> Metadata, T Item) NextObjectWithMetadata(CancellationToken cancellationToken = default) =>
        Ended(Read(lazy: false, cancellationToken));

    /// <summary>Asynchronous <see cref="NextObjectWithMetadata"/>.</summary>
    public async ValueTask<(IReadOnlyDictionary<string, JsonElement> Metadata, T Item)> NextObjectWithMetadataAsync(CancellationToken cancellationToken = default) =>
        Ended(await ReadAsync(lazy: false, cancellationToken).ConfigureAwait(false));

    /// <summary>Enumerates what <see cref="NextAsync"/> returns until the stream ends.</summary>
    public async IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        while (await ReadAsync(lazy: true, cancellationToken).ConfigureAwait(false) is { Ended: false } item)
        {
            yield return item.Item!;
        }
    }

    /// <summary>Enumerates what <see cref="NextObjectAsync"/> returns until the stream ends.</summary>
    public async IAsyncEnumerable<T> ReadObjectsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await ReadAsync(lazy: false, cancellationToken).ConfigureAwait(false) is { Ended: false } item)
        {
            yield return item.Item!;
        }
    }

    /// <summary>Enumerates what <see cref="NextWithMetadataAsync"/> returns until the stream ends.</summary>
    public async IAsyncEnumerable<(IReadOnlyDictionary<string, JsonElement> Metadata, T Item)> ReadWithMetadataAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await ReadAsync(lazy: true, cancellationToken).ConfigureAwait(false) is { Ended: false } item)
        {
            yield return (item.Metadata!, item.Item!);
        }
    }

    /// <summary>Enumerates what <see cref="NextObject"/> returns until the stream ends, blocking on each.</summary>
    public IEnumerable<T> ReadObjects()
    {
        while (Read(lazy: false, CancellationToken.None) is { Ended: false } item)
        {
            yield return item.Item!;
        }
    }

    /// <summary>Closes the consumer: disposes the subscriber and, if asked, the stores it used to resolve objects. Idempotent.</summary>
    /// <param name="stores">Whether to dispose the stores the consumer found or made (which also unregisters them).</param>
    /// <param name="subscriber">Whether to dispose the subscriber.</param>
    public void Close(bool stores = false, bool subscriber = true)
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (stores)
        {
            foreach (Store store in TakeStores())
            {
                store.Dispose();
            }
        }

        if (subscriber)
        {
            Subscriber.Dispose();
        }
    }

    /// <summary>Asynchronous <see cref="Close"/>.</summary>
    public async ValueTask CloseAsync(bool stores = false, bool subscriber = true)
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (stores)
        {
            foreach (Store store in TakeStores())
            {
                await store.DisposeAsync().ConfigureAwait(false);
            }
        }

        if (subscriber)
        {
            await Subscriber.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary><see cref="Close"/> with its defaults: disposes the subscriber, not the stores.</summary>
    public void Dispose() => Close();

    /// <summary><see cref="CloseAsync"/> with its defaults: disposes the subscriber, not the stores.</summary>
    public ValueTask DisposeAsync() => CloseAsync();

    private Store[] TakeStores()
    {
        lock (_state)
        {
            Store[] stores = [.. _stores.Values.Distinct()];
            _stores.Clear();
            return stores;
        }
    }

    private static (IReadOnlyDictionary<string, JsonElement> Metadata, T Item) Ended(Outcome outcome) =>
        outcome.Ended ? throw new StreamEndedException(outcome.EndedTopic) : (outcome.Metadata!, outcome.Item!);

    /// <summary>The next item, or the end of the stream.</summary>
    private Outcome Read(bool lazy, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        _gate.Wait(cancellationToken);
        try
        {
            while (true)
            {
                if (!Fill(cancellationToken))
                {
                    return EndOf(null);
                }

                StreamEvent next = _pending.Dequeue();
                switch (next)
                {
                    case EndOfStreamEvent end:
                        return EndOf(end.Topic);
                    case NewObjectEvent inline:
                        if (!DroppedOnce(inline))
                        {
                            return Hand(inline.Topic, inline.Metadata, Inline(inline));
                        }

                        break;
                    case NewObjectKeyEvent stored:
                        Store store = StoreFor(stored);
                        if (DroppedOnce(stored))
                        {
                            if (stored.Evict)
                            {
                                store.Evict(stored.Key);
                            }

                            break;
                        }

                        if (lazy && StreamProxies<T>.Create is { } proxy)
                        {
                            return Hand(stored.Topic, stored.Metadata, proxy(stored.Key, stored.StoreConfig, stored.Evict, stored.TraceParent));
                        }

                        using (Activity? activity = StreamTelemetry.Start(StreamTelemetry.ResolveActivity, stored.Topic, store, stored.TraceParent))
                        {
                            // An object evicted as it is read is not cached: that would only cost a copy of it.
                            bool found = store.TryGet(stored.Key, out T? value, cacheResult: !stored.Evict);
                            if (found && stored.Evict)
                            {
                                store.Evict(stored.Key);
                            }

                            return Hand(stored.Topic, stored.Metadata, Found(stored, store, found, value));
                        }
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Asynchronous <see cref="Read"/>.</summary>
    private async ValueTask<Outcome> ReadAsync(bool lazy, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                if (!await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    return EndOf(null);
                }

                StreamEvent next = _pending.Dequeue();
                switch (next)
                {
                    case EndOfStreamEvent end:
                        return EndOf(end.Topic);
                    case NewObjectEvent inline:
                        if (!DroppedOnce(inline))
                        {
                            return Hand(inline.Topic, inline.Metadata, Inline(inline));
                        }

                        break;
                    case NewObjectKeyEvent stored:
                        Store store = await StoreForAsync(stored, cancellationToken).ConfigureAwait(false);
                        if (DroppedOnce(stored))
                        {
                            if (stored.Evict)
                            {
                                await store.EvictAsync(stored.Key, cancellationToken).ConfigureAwait(false);
                            }

                            break;
                        }

                        if (lazy && StreamProxies<T>.Create is { } proxy)
                        {
                            return Hand(stored.Topic, stored.Metadata, proxy(stored.Key, stored.StoreConfig, stored.Evict, stored.TraceParent));
                        }

                        using (Activity? activity = StreamTelemetry.Start(StreamTelemetry.ResolveActivity, stored.Topic, store, stored.TraceParent))
                        {
                            (bool found, T? value) = await store.TryGetAsync<T>(stored.Key, cacheResult: !stored.Evict, cancellationToken).ConfigureAwait(false);
                            if (found && stored.Evict)
                            {
                                // The object is read and its event taken: a cancellation now would leave it stored for good.
                                await store.EvictAsync(stored.Key, CancellationToken.None).ConfigureAwait(false);
                            }

                            return Hand(stored.Topic, stored.Metadata, Found(stored, store, found, value));
                        }
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Waits for messages until an event is pending; false when the subscription ended.</summary>
    private bool Fill(CancellationToken cancellationToken)
    {
        while (_pending.Count == 0)
        {
            if (!Enqueue(Subscriber.NextMessage(cancellationToken)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Asynchronous <see cref="Fill"/>.</summary>
    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        while (_pending.Count == 0)
        {
            if (!Enqueue(await Subscriber.NextMessageAsync(cancellationToken).ConfigureAwait(false)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Queues the events of a message; false when the subscription ended (no message).</summary>
    private bool Enqueue(byte[]? message)
    {
        if (message is null)
        {
            return false;
        }

        EventBatch batch = StreamEventJson.FromBytes(message);
        Count(batch.Topic, c => c.Batches++);
        foreach (StreamEvent streamEvent in batch.Events)
        {
            _pending.Enqueue(streamEvent);
        }

        return true;
    }

    private static Outcome EndOf(string? topic) => new(true, topic, null, default);

    private bool Dropped(StreamEvent streamEvent)
    {
        IReadOnlyDictionary<string, JsonElement> metadata = streamEvent switch
        {
            NewObjectEvent inline => inline.Metadata,
            NewObjectKeyEvent stored => stored.Metadata,
            _ => StreamMetadata.Empty,
        };
        if (!_filter.Drop(metadata))
        {
            return false;
        }

        Count(streamEvent.Topic, c => c.Filtered++);
        StreamTelemetry.RecordFiltered(streamEvent.Topic, producer: false);
        return true;
    }

    private Outcome Hand(string topic, IReadOnlyDictionary<string, JsonElement> metadata, T item)
    {
        CountReceived(topic);
        return new Outcome(false, null, metadata, item);
    }

    private void CountReceived(string topic)
    {
        Count(topic, c => c.Received++);
        StreamTelemetry.RecordReceived(topic);
    }

    private T Inline(NewObjectEvent inline)
    {
        object? value = _serializer.Deserialize(inline.Data, typeof(T));
        return value is T typed
            ? typed
            : throw new InvalidCastException($"An object of topic '{inline.Topic}' is a {value?.GetType().FullName ?? "null"}, not a {typeof(T).FullName}.");
    }

    private static T Found(NewObjectKeyEvent stored, Store store, bool found, T? value) =>
        found ? value! : throw Missing(stored, store);

    private Store StoreFor(NewObjectKeyEvent stored) =>
        Known(stored) ?? Remember(stored, StoreRegistry.GetOrCreate(stored.StoreConfig));

    private async ValueTask<Store> StoreForAsync(NewObjectKeyEvent stored, CancellationToken cancellationToken) =>
        Known(stored) ?? Remember(stored, await StoreRegistry.GetOrCreateAsync(stored.StoreConfig, cancellationToken).ConfigureAwait(false));

    private Store? Known(NewObjectKeyEvent stored)
    {
        lock (_state)
        {
            return _stores.TryGetValue(stored.StoreConfig.Name, out Store? known) && !known.IsDisposed ? known : null;
        }
    }

    private Store Remember(NewObjectKeyEvent stored, Store store)
    {
        lock (_state)
        {
            _stores[stored.StoreConfig.Name] = store;
        }

        return store;
    }

    private void Count(string topic, Action<TopicCounts> count)
    {
        lock (_state)
        {
            if (!_counts.TryGetValue(topic, out TopicCounts? counts))
            {
                counts = new TopicCounts();
                _counts[topic] = counts;
            }

            count(counts);
        }
    }

    /// <summary>What one read came to: an item with its metadata, or the end of the stream (of <see cref="EndedTopic"/>, or of the subscription when null).</summary>
    private readonly record struct Outcome(bool Ended, string? EndedTopic, IReadOnlyDictionary<string, JsonElement>? Metadata, T? Item);

    private sealed class TopicCounts
    {
        public long Filtered { get; set; }

        public long Batches { get; set; }

        public long Received { get; set; }
    }
}

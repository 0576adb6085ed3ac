using ProxyStore.Serialization.Arrays;

namespace ProxyStore.Streams;

// Reads items into the caller's memory: a consumer that handles each large array and lets it go
// reuses one buffer, instead of a new array per item whose fresh memory the system faults in
// page by page and the garbage collector must reclaim (about half of what a 10 MB item costs).
public sealed partial class StreamConsumer<T>
{
    /// <summary>
    /// Reads the next object, an array of <typeparamref name="TElement"/> (a <c>byte[]</c> with
    /// <typeparamref name="TElement"/> <see cref="byte"/>), straight from its store into
    /// <paramref name="destination"/>, and evicts it if the producer asked for eviction. A
    /// multi-dimensional array's elements arrive in row-major order.
    /// </summary>
    /// <typeparam name="TElement">The array's element type, as it was sent.</typeparam>
    /// <param name="destination">Where the elements go; at least as long as the array.</param>
    /// <param name="cancellationToken">Cancels waiting for the next message.</param>
    /// <returns>The number of elements read.</returns>
    /// <remarks>
    /// An item that does not fit (another element type, or more elements than
    /// <paramref name="destination"/> holds) stays the next item, unread, not evicted and not
    /// filtered again: call again with a larger buffer, or read it with <see cref="NextObject"/>.
    /// Any other failure (damage, a missing object) takes the item, as <see cref="NextObject"/>
    /// does. Objects that came inline in the event are copied into <paramref name="destination"/>.
    /// </remarks>
    /// <exception cref="StreamEndedException">The stream ended.</exception>
    /// <exception cref="StreamEventFormatException">A message is not an event batch, or is of a newer format version.</exception>
    /// <exception cref="KeyNotFoundException">The store no longer has the object the event names; the message names the store, key and topic.</exception>
    /// <exception cref="InvalidCastException">The next object is not an array of <typeparamref name="TElement"/>; it stays the next item.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the next array; it stays the next item.</exception>
    public int NextObjectInto<TElement>(Span<TElement> destination, CancellationToken cancellationToken = default)
        where TElement : unmanaged
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        _gate.Wait(cancellationToken);
        try
        {
            while (true)
            {
                if (!Fill(cancellationToken))
                {
                    throw new StreamEndedException(null);
                }

                switch (TakeUnlessReadable())
                {
                    case NewObjectEvent inline:
                        return Received(inline, CopyInline(inline, destination));
                    case NewObjectKeyEvent stored:
                        Store store;
                        bool dropped;
                        int? count = null;
                        try
                        {
                            store = StoreFor(stored);
                            dropped = DroppedOnce(stored);
                            if (!dropped)
                            {
                                using (StreamTelemetry.Start(StreamTelemetry.ResolveActivity, stored.Topic, store, stored.TraceParent))
                                {
                                    count = store.GetInto(stored.Key, destination);
                                }
                            }
                        }
                        catch (Exception e) when (!DoesNotFit(e))
                        {
                            _pending.Dequeue();
                            throw;
                        }

                        _pending.Dequeue();
                        if (dropped || count is not null)
                        {
                            if (stored.Evict)
                            {
                                store.Evict(stored.Key);
                            }

                            if (dropped)
                            {
                                continue;
                            }
                        }

                        return Received(stored, count ?? throw Missing(stored, store));
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Asynchronous <see cref="NextObjectInto{TElement}(Span{TElement}, CancellationToken)"/>.</summary>
    /// <typeparam name="TElement">The array's element type, as it was sent.</typeparam>
    /// <param name="destination">Where the elements go; at least as long as the array.</param>
    /// <param name="cancellationToken">Cancels waiting for the next message and for the store; once the object is read, its eviction is not cancelled.</param>
    /// <returns>The number of elements read.</returns>
    /// <exception cref="StreamEndedException">The stream ended.</exception>
    /// <exception cref="StreamEventFormatException">A message is not an event batch, or is of a newer format version.</exception>
    /// <exception cref="KeyNotFoundException">The store no longer has the object the event names.</exception>
    /// <exception cref="InvalidCastException">The next object is not an array of <typeparamref name="TElement"/>; it stays the next item.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the next array; it stays the next item.</exception>
    public async ValueTask<int> NextObjectIntoAsync<TElement>(Memory<TElement> destination, CancellationToken cancellationToken = default)
        where TElement : unmanaged
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                if (!await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new StreamEndedException(null);
                }

                switch (TakeUnlessReadable())
                {
                    case NewObjectEvent inline:
                        return Received(inline, CopyInline(inline, destination.Span));
                    case NewObjectKeyEvent stored:
                        Store store;
                        bool dropped;
                        int? count = null;
                        try
                        {
                            store = await StoreForAsync(stored, cancellationToken).ConfigureAwait(false);
                            dropped = DroppedOnce(stored);
                            if (!dropped)
                            {
                                using (StreamTelemetry.Start(StreamTelemetry.ResolveActivity, stored.Topic, store, stored.TraceParent))
                                {
                                    count = await store.GetIntoAsync(stored.Key, destination, cancellationToken).ConfigureAwait(false);
                                }
                            }
                        }
                        catch (Exception e) when (!DoesNotFit(e))
                        {
                            _pending.Dequeue();
                            throw;
                        }

                        _pending.Dequeue();
                        if (dropped || count is not null)
                        {
                            // The item is taken: a cancellation now would leave its object stored for good.
                            if (stored.Evict)
                            {
                                await store.EvictAsync(stored.Key, CancellationToken.None).ConfigureAwait(false);
                            }

                            if (dropped)
                            {
                                continue;
                            }
                        }

                        return Received(stored, count ?? throw Missing(stored, store));
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Whether a failed read leaves its item the next one: it did not fit, or the caller gave up before it was read.</summary>
    private static bool DoesNotFit(Exception e) =>
        e is InvalidCastException or OperationCanceledException or ArgumentException { ParamName: "destination" };

    /// <summary>
    /// The next event when it holds an object, left queued until it is read; an end of stream
    /// is taken and thrown, and an inline object the filter drops (or an event of a kind this
    /// version does not know) is taken and skipped (null).
    /// </summary>
    private StreamEvent? TakeUnlessReadable()
    {
        StreamEvent next = _pending.Peek();
        switch (next)
        {
            case EndOfStreamEvent end:
                _pending.Dequeue();
                throw new StreamEndedException(end.Topic);
            case NewObjectEvent inline when !DroppedOnce(inline):
            case NewObjectKeyEvent:
                return next;
            default:
                _pending.Dequeue();
                return null;
        }
    }

    /// <summary>
    /// Whether the filter drops <paramref name="streamEvent"/>, asked once per event: an item
    /// that stays the next one after a read that did not fit is not filtered (and counted) again.
    /// </summary>
    private bool DroppedOnce(StreamEvent streamEvent)
    {
        if (ReferenceEquals(streamEvent, _admitted))
        {
            return false;
        }

        if (Dropped(streamEvent))
        {
            return true;
        }

        _admitted = streamEvent;
        return false;
    }

    // Deserializes before taking the event, so an object that does not fit stays the next item.
    private int CopyInline<TElement>(NewObjectEvent inline, Span<TElement> destination)
        where TElement : unmanaged
    {
        object? value;
        try
        {
            value = Inline(inline);
        }
        catch (Exception e) when (!DoesNotFit(e))
        {
            _pending.Dequeue();
            throw;
        }

        // Arrays by their exact element type, as a stored array is read; segments and memory by what they hold.
        using ArrayView<TElement> elements = value switch
        {
            Array array when array.GetType().GetElementType() == typeof(TElement) => ArrayView<TElement>.Over(array),
            not (null or Array) when ElementCodec.TryConvert(value, typeof(TElement[]), copy: false, out object? flat) && flat is TElement[] converted => ArrayView<TElement>.Over(converted),
            _ => throw new InvalidCastException(
                $"An object of topic '{inline.Topic}' is a {value?.GetType().FullName ?? "null"}, not an array of {typeof(TElement).FullName}; it stays the next item."),
        };
        if (elements.Length > destination.Length)
        {
            throw new ArgumentException(
                $"An object of topic '{inline.Topic}' has {elements.Length} elements of {typeof(TElement).Name}; the destination holds {destination.Length}. It stays the next item.",
                nameof(destination));
        }

        elements.Span.CopyTo(destination);
        _pending.Dequeue();
        return elements.Length;
    }

    private int Received(StreamEvent streamEvent, int count)
    {
        CountReceived(streamEvent.Topic);
        return count;
    }

    private static KeyNotFoundException Missing(NewObjectKeyEvent stored, Store store) =>
        new($"Store '{store.Name}' has no object under key {stored.Key} for an event of topic '{stored.Topic}': it was evicted " +
            "(an earlier resolution of an object sent with evict: true, or someone else) or its storage was cleared.");
}

namespace ProxyStore.Streams;

public sealed partial class StreamProducer<T>
{
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
}

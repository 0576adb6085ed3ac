using System.Diagnostics;

namespace ProxyStore.Streams;

public sealed partial class StreamProducer<T>
{
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
}

namespace ProxyStore.Connectors;

/// <summary>
/// Moves serialized objects in and out of one storage system. A connector chooses the
/// key of every object it stores and is write-once, read-many: an object is never
/// changed after it was put. Implementations must be thread-safe.
/// </summary>
/// <remarks>
/// The batch and async members have default implementations built on the single-object
/// members; connectors whose storage has native batches or asynchronous I/O override them.
/// </remarks>
public interface IConnector : IDisposable, IAsyncDisposable
{
    /// <summary>Stores <paramref name="data"/> and returns its new key.</summary>
    /// <remarks>
    /// <paramref name="data"/> belongs to the caller, who may reuse its memory once the call
    /// returns: a connector that keeps the bytes in memory keeps a copy of them.
    /// </remarks>
    StoreKey Put(ReadOnlyMemory<byte> data);

    /// <summary>The bytes stored under <paramref name="key"/>, or <see langword="null"/> if there are none.</summary>
    byte[]? Get(StoreKey key);

    /// <summary>Whether an object is stored under <paramref name="key"/>.</summary>
    bool Exists(StoreKey key);

    /// <summary>Removes the object stored under <paramref name="key"/>; a missing key is ignored.</summary>
    void Evict(StoreKey key);

    /// <summary>The configuration that recreates this connector, in this or another process.</summary>
    ConnectorConfig GetConfig();

    /// <summary>Stores each of <paramref name="data"/>; the keys come back in the same order.</summary>
    IReadOnlyList<StoreKey> PutBatch(IReadOnlyList<ReadOnlyMemory<byte>> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var keys = new List<StoreKey>(data.Count);
        try
        {
            foreach (ReadOnlyMemory<byte> item in data)
            {
                keys.Add(Put(item));
            }
        }
        catch (Exception failure)
        {
            // A batch is all or nothing: take back what was already written, and report any
            // object that could not be taken back together with the failure itself.
            var rollbackFailures = new List<Exception>();
            foreach (StoreKey key in keys)
            {
                try
                {
                    Evict(key);
                }
                catch (Exception e)
                {
                    rollbackFailures.Add(e);
                }
            }

            if (rollbackFailures.Count > 0)
            {
                throw new AggregateException(
                    $"A batch put failed after {keys.Count} of {data.Count} objects were written, and {rollbackFailures.Count} of them could not be removed again.",
                    [failure, .. rollbackFailures]);
            }

            throw;
        }

        return keys;
    }

    /// <summary>The bytes stored under each of <paramref name="keys"/>, with <see langword="null"/> for missing ones.</summary>
    IReadOnlyList<byte[]?> GetBatch(IReadOnlyList<StoreKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return keys.Select(Get).ToList();
    }

    /// <summary>Asynchronous <see cref="Put"/>.</summary>
    ValueTask<StoreKey> PutAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Put(data));
    }

    /// <summary>Asynchronous <see cref="Get"/>.</summary>
    ValueTask<byte[]?> GetAsync(StoreKey key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Get(key));
    }

    /// <summary>Asynchronous <see cref="Exists"/>.</summary>
    ValueTask<bool> ExistsAsync(StoreKey key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Exists(key));
    }

    /// <summary>Asynchronous <see cref="Evict(StoreKey)"/>.</summary>
    ValueTask EvictAsync(StoreKey key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Evict(key);
        return ValueTask.CompletedTask;
    }

    /// <summary>Asynchronous <see cref="PutBatch"/>.</summary>
    ValueTask<IReadOnlyList<StoreKey>> PutBatchAsync(IReadOnlyList<ReadOnlyMemory<byte>> data, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(PutBatch(data));
    }

    /// <summary>Asynchronous <see cref="GetBatch"/>.</summary>
    ValueTask<IReadOnlyList<byte[]?>> GetBatchAsync(IReadOnlyList<StoreKey> keys, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(GetBatch(keys));
    }

    /// <summary>
    /// Closes the connector and releases what it holds. Closing twice is harmless.
    /// Connectors that own their storage may clear it here (see each connector).
    /// </summary>
    void Close();

    /// <summary>
    /// Closes the connector, deleting what it stored only if <paramref name="clear"/> is set;
    /// <c>Close(clear: false)</c> never deletes anything, whatever the connector was configured
    /// to do. A store closes connectors it must not empty this way, such as the connector of a
    /// store whose name was refused. Closing twice is harmless.
    /// </summary>
    /// <param name="clear">Whether to delete the connector's objects too, where it can.</param>
    /// <remarks>
    /// The default calls <see cref="Close()"/>, which is right for connectors whose
    /// <see cref="Close()"/> never deletes anything (they have nothing to clear either way).
    /// A connector that can clear its storage on <see cref="Close()"/> must override this
    /// member: an interface cannot know how it clears, and without the override
    /// <c>Close(clear: false)</c> would clear.
    /// </remarks>
    void Close(bool clear) => Close();

    /// <summary>Same as <see cref="Close()"/>.</summary>
    void IDisposable.Dispose() => Close();

    /// <summary>Asynchronous <see cref="Close()"/>.</summary>
    ValueTask IAsyncDisposable.DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }
}

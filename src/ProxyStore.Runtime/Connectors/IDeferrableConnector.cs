namespace ProxyStore.Connectors;

/// <summary>
/// A connector that can hand out a key before the object exists and store the object under
/// it later: what <see cref="Store.Future{T}"/> needs. A key made by <see cref="NewKey()"/>
/// and not yet set reads as missing (<see cref="IConnector.Get"/> returns
/// <see langword="null"/>, <see cref="IConnector.Exists"/> returns <see langword="false"/>).
/// </summary>
/// <remarks>
/// <see cref="Set"/> keeps the connector's write-once, read-many contract: a key gets its
/// object once. A second set of a key that holds an object is refused with an
/// <see cref="KeyAlreadySetException"/>, atomically where the storage allows it, so two
/// producers (in any processes) cannot both believe they set a future.
/// </remarks>
public interface IDeferrableConnector : IConnector
{
    /// <summary>A new key that holds no object yet.</summary>
    StoreKey NewKey();

    /// <summary>
    /// A new key for an object of about <paramref name="sizeHint"/> bytes. Connectors that
    /// route by size (<see cref="MultiConnector"/>) choose where the object will go now,
    /// since the key must say so before the object exists; the others ignore the hint.
    /// </summary>
    /// <param name="sizeHint">The expected serialized size in bytes, or <see langword="null"/> when unknown.</param>
    StoreKey NewKey(long? sizeHint) => NewKey();

    /// <summary>Stores <paramref name="data"/> under <paramref name="key"/>, a key from <see cref="NewKey()"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not a key of this connector.</exception>
    /// <exception cref="KeyAlreadySetException"><paramref name="key"/> already holds an object.</exception>
    void Set(StoreKey key, ReadOnlyMemory<byte> data);

    /// <summary>Asynchronous <see cref="NewKey(long?)"/>.</summary>
    ValueTask<StoreKey> NewKeyAsync(long? sizeHint = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(NewKey(sizeHint));
    }

    /// <summary>Asynchronous <see cref="Set"/>.</summary>
    ValueTask SetAsync(StoreKey key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Set(key, data);
        return ValueTask.CompletedTask;
    }
}

namespace ProxyStore.Connectors;

/// <summary>How a store evicts: checked where the connector can check (<see cref="IGuardedEvictConnector"/>), a plain evict elsewhere.</summary>
internal static class StoredEviction
{
    /// <summary>Deletes the store object under <paramref name="key"/>, checking first that it is one where <paramref name="connector"/> can.</summary>
    public static void EvictStored(this IConnector connector, StoreKey key)
    {
        if (connector is IGuardedEvictConnector guarded)
        {
            guarded.EvictStored(key);
        }
        else
        {
            connector.Evict(key);
        }
    }

    /// <summary>Asynchronous <see cref="EvictStored"/>.</summary>
    public static ValueTask EvictStoredAsync(this IConnector connector, StoreKey key, CancellationToken cancellationToken) =>
        connector is IGuardedEvictConnector guarded ? guarded.EvictStoredAsync(key, cancellationToken) : connector.EvictAsync(key, cancellationToken);
}

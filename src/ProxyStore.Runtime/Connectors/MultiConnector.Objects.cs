namespace ProxyStore.Connectors;

public sealed partial class MultiConnector
{
    /// <inheritdoc />
    /// <exception cref="MultiConnectorException">The key names no connector, an unknown one or a dormant one.</exception>
    public byte[]? Get(StoreKey key)
    {
        (IConnector connector, StoreKey inner) = Resolve(key);
        return connector.Get(inner);
    }

    /// <inheritdoc />
    public ValueTask<byte[]?> GetAsync(StoreKey key, CancellationToken cancellationToken = default)
    {
        (IConnector connector, StoreKey inner) = Resolve(key);
        return connector.GetAsync(inner, cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="MultiConnectorException">The key names no connector, an unknown one or a dormant one.</exception>
    public bool Exists(StoreKey key)
    {
        (IConnector connector, StoreKey inner) = Resolve(key);
        return connector.Exists(inner);
    }

    /// <inheritdoc />
    public ValueTask<bool> ExistsAsync(StoreKey key, CancellationToken cancellationToken = default)
    {
        (IConnector connector, StoreKey inner) = Resolve(key);
        return connector.ExistsAsync(inner, cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="MultiConnectorException">The key names no connector, an unknown one or a dormant one.</exception>
    public void Evict(StoreKey key)
    {
        (IConnector connector, StoreKey inner) = Resolve(key);
        connector.Evict(inner);
    }

    /// <inheritdoc />
    public ValueTask EvictAsync(StoreKey key, CancellationToken cancellationToken = default)
    {
        (IConnector connector, StoreKey inner) = Resolve(key);
        return connector.EvictAsync(inner, cancellationToken);
    }

    void IGuardedEvictConnector.EvictStored(StoreKey key)
    {
        (IConnector connector, StoreKey inner) = Resolve(key);
        try
        {
            connector.EvictStored(inner);
        }
        catch (ForeignObjectException e)
        {
            throw Foreign(key, e);
        }
    }

    async ValueTask IGuardedEvictConnector.EvictStoredAsync(StoreKey key, CancellationToken cancellationToken)
    {
        (IConnector connector, StoreKey inner) = Resolve(key);
        try
        {
            await connector.EvictStoredAsync(inner, cancellationToken).ConfigureAwait(false);
        }
        catch (ForeignObjectException e)
        {
            throw Foreign(key, e);
        }
    }

    // Named by the key the caller gave, which names the inner connector too.
    private ForeignObjectException Foreign(StoreKey key, ForeignObjectException inner) => new(key, $"{inner.Location} (through {this})");

    /// <summary>Gets the keys of each connector in one batch of that connector.</summary>
    /// <exception cref="MultiConnectorException">A key names no connector, an unknown one or a dormant one.</exception>
    public IReadOnlyList<byte[]?> GetBatch(IReadOnlyList<StoreKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var values = new byte[]?[keys.Count];
        foreach ((IConnector connector, int[] indexes, StoreKey[] inner) in GroupKeys(keys))
        {
            Scatter(connector.GetBatch(inner), indexes, values);
        }

        return values;
    }

    /// <summary>Asynchronous <see cref="GetBatch"/>.</summary>
    public async ValueTask<IReadOnlyList<byte[]?>> GetBatchAsync(IReadOnlyList<StoreKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var values = new byte[]?[keys.Count];
        foreach ((IConnector connector, int[] indexes, StoreKey[] inner) in GroupKeys(keys))
        {
            Scatter(await connector.GetBatchAsync(inner, cancellationToken).ConfigureAwait(false), indexes, values);
        }

        return values;
    }
}

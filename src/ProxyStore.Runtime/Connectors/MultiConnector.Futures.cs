namespace ProxyStore.Connectors;

public sealed partial class MultiConnector
{
    /// <summary>A new key on the connector that an object of unknown size with the ambient tags (<see cref="WithTags"/>) routes to.</summary>
    /// <exception cref="MultiConnectorException">No policy of a deferrable connector accepts such an object.</exception>
    public StoreKey NewKey() => NewKey(null, null, null);

    /// <summary>A new key on the connector that an object of <paramref name="sizeHint"/> bytes with the ambient tags routes to.</summary>
    /// <exception cref="MultiConnectorException">No policy of a deferrable connector accepts such an object.</exception>
    public StoreKey NewKey(long? sizeHint) => NewKey(sizeHint, null, null);

    /// <summary>
    /// A new key for an object set later. The connector is chosen now, since the key must name
    /// it before the object exists: by <paramref name="sizeHint"/> (a policy's size bounds are
    /// not checked when it is null) and the tags, among the connectors that can set a key later
    /// (<see cref="IDeferrableConnector"/>). <see cref="Set"/> stores the object there whatever
    /// its actual size, because consumers may already be waiting on that connector.
    /// </summary>
    /// <param name="sizeHint">The expected serialized size in bytes, or <see langword="null"/> when unknown.</param>
    /// <param name="subsetTags">Tags that must all be among a policy's subset tags; the ambient ones when null.</param>
    /// <param name="supersetTags">Tags that must include all of a policy's superset tags; the ambient ones when null.</param>
    /// <exception cref="MultiConnectorException">No policy of a deferrable connector accepts such an object.</exception>
    public StoreKey NewKey(long? sizeHint, IEnumerable<string>? subsetTags, IEnumerable<string>? supersetTags = null)
    {
        ThrowIfClosed();
        Slot slot = RouteWithTags(sizeHint, subsetTags, supersetTags, deferrableOnly: true);
        return Remember(slot, ((IDeferrableConnector)slot.Connector!).NewKey(sizeHint));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The key names no connector or one this multi connector does not have.</exception>
    /// <exception cref="MultiConnectorException">The key's connector is dormant on this host.</exception>
    /// <exception cref="NotSupportedException">The key's connector cannot set a key later.</exception>
    public void Set(StoreKey key, ReadOnlyMemory<byte> data)
    {
        (IDeferrableConnector connector, StoreKey inner) = ResolveForSet(key);
        try
        {
            connector.Set(inner, data);
        }
        catch (KeyAlreadySetException e)
        {
            throw AlreadySet(key, e);
        }
    }

    /// <inheritdoc />
    public async ValueTask SetAsync(StoreKey key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        (IDeferrableConnector connector, StoreKey inner) = ResolveForSet(key);
        try
        {
            await connector.SetAsync(inner, data, cancellationToken).ConfigureAwait(false);
        }
        catch (KeyAlreadySetException e)
        {
            throw AlreadySet(key, e);
        }
    }

    // The inner connector names its own key; callers know the key with the connector's name.
    private static KeyAlreadySetException AlreadySet(StoreKey key, KeyAlreadySetException inner) =>
        new(key, $"The key '{key}' already holds an object in the MultiConnector's connector '{key.Connector}'; a key is set once.", inner);

    /// <inheritdoc />
    IDisposable? ISetNotifier.WatchSet(StoreKey key, Action onSet)
    {
        (IConnector connector, StoreKey inner) = Resolve(key);
        return connector is ISetNotifier notifier ? notifier.WatchSet(inner, onSet) : null;
    }

    /// <inheritdoc />
    ValueTask<IDisposable?> ISetNotifier.WatchSetAsync(StoreKey key, Action onSet, CancellationToken cancellationToken)
    {
        (IConnector connector, StoreKey inner) = Resolve(key);
        return connector is ISetNotifier notifier ? notifier.WatchSetAsync(inner, onSet, cancellationToken) : ValueTask.FromResult<IDisposable?>(null);
    }

    StoreKey? IKeyedPutConnector.NewPutKey(long size)
    {
        ThrowIfClosed();
        Slot slot = RouteWithTags(size, null, null);
        return slot.Connector is IKeyedPutConnector keyed && keyed.NewPutKey(size) is { } inner ? Remember(slot, inner) : null;
    }

    void IKeyedPutConnector.PutAt(StoreKey key, ReadOnlyMemory<byte> frame)
    {
        (IConnector connector, StoreKey inner) = Resolve(key);
        ((IKeyedPutConnector)connector).PutAt(inner, frame);
    }

    ValueTask IKeyedPutConnector.PutAtAsync(StoreKey key, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        (IConnector connector, StoreKey inner) = Resolve(key);
        return ((IKeyedPutConnector)connector).PutAtAsync(inner, frame, cancellationToken);
    }

    private (IDeferrableConnector Connector, StoreKey Inner) ResolveForSet(StoreKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Connector is null || !_byName.ContainsKey(key.Connector))
        {
            throw new ArgumentException(
                $"The key '{key}' is not a key of this MultiConnector: its keys name one of its connectors ({string.Join(", ", _byName.Keys)}).", nameof(key));
        }

        (IConnector connector, StoreKey inner) = Resolve(key);
        return connector is IDeferrableConnector deferrable
            ? (deferrable, inner)
            : throw new NotSupportedException($"The connector '{key.Connector}' ({connector}) that the key '{key}' names cannot set a key later: it is not an IDeferrableConnector.");
    }
}

namespace ProxyStore.Connectors;

public sealed partial class PeerConnector
{
    /// <inheritdoc />
    public StoreKey Put(ReadOnlyMemory<byte> data)
    {
        ObjectSizeLimit.CheckReadable(data.Length, this);
        PeerKey key = NewPeerKey();

        // The caller may reuse its buffer; the stored object must never change.
        _objects.TrySetArray(LocalKey(key), data.ToArray());
        return key.ToStoreKey();
    }

    /// <inheritdoc />
    public ValueTask<StoreKey> PutAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        // A put copies into this process's memory: nothing to wait for.
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Put(data));
    }

    /// <inheritdoc />
    public StoreKey NewKey() => NewPeerKey().ToStoreKey();

    StoreKey? IKeyedPutConnector.NewPutKey(long size) => NewKey();

    void IKeyedPutConnector.PutAt(StoreKey key, ReadOnlyMemory<byte> frame) => ((IOwningConnector)this).PutOwnedAt(key, frame.ToArray());

    ValueTask IKeyedPutConnector.PutAtAsync(StoreKey key, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ((IKeyedPutConnector)this).PutAt(key, frame);
        return ValueTask.CompletedTask;
    }

    // The store hands over the frame it sealed: the object is served from that very array.
    void IOwningConnector.PutOwnedAt(StoreKey key, byte[] frame)
    {
        ThrowIfClosed();
        ((IOwningConnector)_objects).PutOwnedAt(OwnLocalKey(key), frame);
    }

    /// <inheritdoc />
    /// <remarks>From any process: a key of another owner is set in that owner, where its waiters are.</remarks>
    public void Set(StoreKey key, ReadOnlyMemory<byte> data) => SetAsync(key, data, sync: true, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc />
    public ValueTask SetAsync(StoreKey key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
        SetAsync(key, data, sync: false, cancellationToken);

    /// <inheritdoc />
    public byte[]? Get(StoreKey key) => GetAsync(key, sync: true, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc />
    public ValueTask<byte[]?> GetAsync(StoreKey key, CancellationToken cancellationToken = default) => GetAsync(key, sync: false, cancellationToken);

    FrameSource? IFrameSourceConnector.OpenFrame(StoreKey key) => OpenFrameAsync(key, sync: true, CancellationToken.None).GetAwaiter().GetResult();

    ValueTask<FrameSource?> IFrameSourceConnector.OpenFrameAsync(StoreKey key, CancellationToken cancellationToken) => OpenFrameAsync(key, sync: false, cancellationToken);

    /// <inheritdoc />
    public bool Exists(StoreKey key) => ExistsAsync(key, sync: true, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc />
    public ValueTask<bool> ExistsAsync(StoreKey key, CancellationToken cancellationToken = default) => ExistsAsync(key, sync: false, cancellationToken);

    /// <inheritdoc />
    /// <remarks>A key of another owner is evicted there; a key whose owner restarted has nothing left to evict.</remarks>
    public void Evict(StoreKey key) => EvictAsync(key, guarded: false, sync: true, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc />
    public ValueTask EvictAsync(StoreKey key, CancellationToken cancellationToken = default) => EvictAsync(key, guarded: false, sync: false, cancellationToken);

    void IGuardedEvictConnector.EvictStored(StoreKey key) => EvictAsync(key, guarded: true, sync: true, CancellationToken.None).GetAwaiter().GetResult();

    ValueTask IGuardedEvictConnector.EvictStoredAsync(StoreKey key, CancellationToken cancellationToken) => EvictAsync(key, guarded: true, sync: false, cancellationToken);

    // Only this process's own keys are watched: a waiter on another owner's key polls it.
    IDisposable? ISetNotifier.WatchSet(StoreKey key, Action onSet) =>
        Parse(key) is var peer && IsOwn(peer) ? ((ISetNotifier)_objects).WatchSet(LocalKey(peer), onSet) : null;

    ValueTask<IDisposable?> ISetNotifier.WatchSetAsync(StoreKey key, Action onSet, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(((ISetNotifier)this).WatchSet(key, onSet));
    }

    private async ValueTask SetAsync(StoreKey key, ReadOnlyMemory<byte> data, bool sync, CancellationToken cancellationToken)
    {
        PeerKey peer = Parse(key);
        ObjectSizeLimit.CheckReadable(data.Length, this);
        if (!ServesLocally(peer))
        {
            await Client.SetAsync(peer, data, sync, cancellationToken).ConfigureAwait(false);
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (!_objects.TrySetArray(LocalKey(peer), data.ToArray()))
        {
            throw new KeyAlreadySetException(key, $"The key '{key}' already holds an object in {this}; a key is set once.");
        }
    }

    private async ValueTask<byte[]?> GetAsync(StoreKey key, bool sync, CancellationToken cancellationToken)
    {
        PeerKey peer = Parse(key);
        if (ServesLocally(peer))
        {
            cancellationToken.ThrowIfCancellationRequested();
            return _objects.Get(LocalKey(peer));
        }

        return await Client.GetAsync(peer, sync, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<FrameSource?> OpenFrameAsync(StoreKey key, bool sync, CancellationToken cancellationToken)
    {
        PeerKey peer = Parse(key);
        if (ServesLocally(peer))
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ((IFrameSourceConnector)_objects).OpenFrame(LocalKey(peer));
        }

        return await Client.BeginGetAsync(peer, 0, sync, cancellationToken).ConfigureAwait(false) is var (connection, length)
            ? new PeerFrameSource(Client, peer, connection, length)
            : null;
    }

    private async ValueTask<bool> ExistsAsync(StoreKey key, bool sync, CancellationToken cancellationToken)
    {
        PeerKey peer = Parse(key);
        if (ServesLocally(peer))
        {
            cancellationToken.ThrowIfCancellationRequested();
            return _objects.Exists(LocalKey(peer));
        }

        return await Client.ExistsAsync(peer, sync, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask EvictAsync(StoreKey key, bool guarded, bool sync, CancellationToken cancellationToken)
    {
        PeerKey peer = Parse(key);
        if (!ServesLocally(peer))
        {
            await Client.EvictAsync(peer, guarded, sync, cancellationToken).ConfigureAwait(false);
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (guarded)
        {
            try
            {
                ((IGuardedEvictConnector)_objects).EvictStored(LocalKey(peer));
            }
            catch (ForeignObjectException)
            {
                throw new ForeignObjectException(key, ToString());
            }
        }
        else
        {
            _objects.Evict(LocalKey(peer));
        }
    }

    private PeerKey Parse(StoreKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfClosed();
        if (key.Connector is not null)
        {
            throw new ArgumentException($"The key '{key}' is not a key of {this}: it names the connector '{key.Connector}'.", nameof(key));
        }

        return PeerKey.Parse(key, ToString());
    }

    // Own keys are read from this process's memory; tests pull them through the server instead.
    private bool ServesLocally(PeerKey key) => !PullOwnKeys && IsOwn(key);

    private bool IsOwn(PeerKey key) => _server is { } server && string.Equals(server.Run, key.Run, StringComparison.Ordinal);

    private StoreKey OwnLocalKey(StoreKey key)
    {
        PeerKey peer = Parse(key);
        return IsOwn(peer)
            ? LocalKey(peer)
            : throw new ArgumentException($"The key '{key}' belongs to the owner at {peer.Endpoint}, not to {this}: only keys from NewKey can be put at.", nameof(key));
    }

    // A new key of this process's server (started with the first one).
    private PeerKey NewPeerKey()
    {
        PeerServer server = Server;
        return new PeerKey(server.AdvertisedHost, server.Port, server.Run, StoreKey.NewId());
    }

    // The object's key in this process's own storage.
    private static StoreKey LocalKey(PeerKey key) => new(key.Object);
}

using System.Collections.Concurrent;
using System.Text.Json;

namespace ProxyStore.Connectors;

/// <summary>
/// Keeps objects in this process's memory. Connectors recreated from its configuration
/// in the same process share its objects, which is what proxies resolving through a
/// second store instance need. Objects live as long as some connector sharing them does.
/// </summary>
/// <remarks>
/// Who clears what: nobody. Closing never deletes objects, not even with
/// <see cref="Close(bool)"/> and <c>clear: true</c>, because other connectors made from the
/// same configuration may still read them; they go when the last of those connectors is
/// collected.
/// </remarks>
public sealed class LocalConnector : IDeferrableConnector, ISetNotifier, IFrameSourceConnector, IOwningConnector, IViewConnector, IGuardedEvictConnector
{
    internal const string KindName = "local";

    private static readonly ConcurrentDictionary<string, WeakReference<ConcurrentDictionary<StoreKey, Entry>>> Shared = new(StringComparer.Ordinal);

    // The waiters of each shared storage, found through the storage itself so that every
    // connector sharing it (made from one config) wakes the same waiters, and they go with it.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ConcurrentDictionary<StoreKey, Entry>, ConcurrentDictionary<StoreKey, Action>> Watchers = new();

    private readonly ConcurrentDictionary<StoreKey, Entry> _objects;
    private volatile bool _closed;

    /// <summary>Creates a connector with its own, empty storage.</summary>
    public LocalConnector()
        : this(Guid.NewGuid().ToString("N"))
    {
    }

    private LocalConnector(string storageId)
    {
        StorageId = storageId;
        _objects = Attach(storageId);
    }

    /// <summary>Identifies the in-process storage this connector shares with connectors made from its config.</summary>
    public string StorageId { get; }

    /// <inheritdoc />
    public StoreKey Put(ReadOnlyMemory<byte> data)
    {
        ThrowIfClosed();
        ObjectSizeLimit.CheckReadable(data.Length, this);
        var key = new StoreKey(StoreKey.NewId());

        // The caller may reuse its buffer; the stored object must never change.
        _objects[key] = new Entry(data.ToArray(), Sealed: false);
        return key;
    }

    /// <inheritdoc />
    public StoreKey NewKey()
    {
        ThrowIfClosed();
        return new StoreKey(StoreKey.NewId());
    }

    /// <inheritdoc />
    public void Set(StoreKey key, ReadOnlyMemory<byte> data)
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfClosed();
        if (key.Connector is not null || !StoreKey.IsPlainId(key.Id))
        {
            throw new ArgumentException(
                $"The key '{key}' is not a LocalConnector key: ids are letters, digits, '-' and '_' only, with no connector name.", nameof(key));
        }

        ObjectSizeLimit.CheckReadable(data.Length, this);

        // A copy, as for a put.
        if (!TrySetArray(key, data.ToArray()))
        {
            throw new KeyAlreadySetException(key, $"The key '{key}' already holds an object in {this}; a key is set once.");
        }
    }

    /// <summary>
    /// Sets <paramref name="key"/> to <paramref name="frame"/> itself, which the caller hands over
    /// (bytes that came from elsewhere: they are checked when read), and wakes its waiters.
    /// False when the key already holds an object: TryAdd makes the first set win even when
    /// producers race.
    /// </summary>
    internal bool TrySetArray(StoreKey key, byte[] frame)
    {
        if (!_objects.TryAdd(key, new Entry(frame, Sealed: false)))
        {
            return false;
        }

        if (Watchers.TryGetValue(_objects, out ConcurrentDictionary<StoreKey, Action>? watchers) && watchers.TryGetValue(key, out Action? wake))
        {
            wake();
        }

        return true;
    }

    /// <summary>
    /// Wakes waiters of this process at once when the key is set: with Python's default polling
    /// interval of 1 s a future set in this process would otherwise be seen up to a second late.
    /// </summary>
    IDisposable? ISetNotifier.WatchSet(StoreKey key, Action onSet)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(onSet);
        ThrowIfClosed();
        ConcurrentDictionary<StoreKey, Action> watchers = Watchers.GetValue(_objects, static _ => new());
        watchers.AddOrUpdate(key, onSet, (_, existing) => existing + onSet);
        return new SetWatch(watchers, key, onSet);
    }

    /// <inheritdoc />
    ValueTask<IDisposable?> ISetNotifier.WatchSetAsync(StoreKey key, Action onSet, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(((ISetNotifier)this).WatchSet(key, onSet));
    }

    /// <inheritdoc />
    public byte[]? Get(StoreKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfClosed();
        // The caller owns what it gets: handing out the stored array would let it change the object.
        return _objects.TryGetValue(key, out Entry entry) ? entry.Frame.AsSpan().ToArray() : null;
    }

    StoreKey? IKeyedPutConnector.NewPutKey(long size) => NewKey();

    void IKeyedPutConnector.PutAt(StoreKey key, ReadOnlyMemory<byte> frame) => ((IOwningConnector)this).PutOwnedAt(key, frame.ToArray());

    ValueTask IKeyedPutConnector.PutAtAsync(StoreKey key, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ((IKeyedPutConnector)this).PutAt(key, frame);
        return ValueTask.CompletedTask;
    }

    void IOwningConnector.PutOwnedAt(StoreKey key, byte[] frame)
    {
        ThrowIfClosed();
        _objects[key] = new Entry(frame, Sealed: true);
    }

    FrameSource? IFrameSourceConnector.OpenFrame(StoreKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfClosed();

        // The stored array itself: it never changes, and the store only reads it.
        return _objects.TryGetValue(key, out Entry entry) ? new MemoryFrameSource(entry.Frame, sealedHere: entry.Sealed) : null;
    }

    FrameSource? IViewConnector.OpenView(StoreKey key) => ((IFrameSourceConnector)this).OpenFrame(key);

    ValueTask<FrameSource?> IFrameSourceConnector.OpenFrameAsync(StoreKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(((IFrameSourceConnector)this).OpenFrame(key));
    }

    /// <inheritdoc />
    public bool Exists(StoreKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfClosed();
        return _objects.ContainsKey(key);
    }

    /// <inheritdoc />
    public void Evict(StoreKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfClosed();
        _objects.TryRemove(key, out _);
    }

    void IGuardedEvictConnector.EvictStored(StoreKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfClosed();
        if (!_objects.TryGetValue(key, out Entry entry))
        {
            return;
        }

        // A store's own puts are sealed here; bytes put raw are checked like any medium's.
        if (!entry.Sealed && !StoredFrame.IsStoreObject(entry.Frame, entry.Frame.Length))
        {
            throw new ForeignObjectException(key, ToString());
        }

        _objects.TryRemove(new KeyValuePair<StoreKey, Entry>(key, entry));
    }

    ValueTask IGuardedEvictConnector.EvictStoredAsync(StoreKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ((IGuardedEvictConnector)this).EvictStored(key);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ConnectorConfig GetConfig() => ConnectorConfig.OfBuiltIn(KindName, new Options(StorageId));

    /// <summary>
    /// Closes this connector; later operations on it throw <see cref="ObjectDisposedException"/>.
    /// The objects stay for other connectors sharing the storage, and go with the last of them.
    /// </summary>
    public void Close() => _closed = true;

    /// <summary>Same as <see cref="Close()"/>: a local connector never deletes objects others may share.</summary>
    /// <param name="clear">Ignored.</param>
    public void Close(bool clear) => Close();

    /// <inheritdoc />
    public override string ToString() => $"LocalConnector({StorageId})";

    internal static IConnector FromOptions(JsonElement options) =>
        new LocalConnector(ConnectorConfig.ReadOptions<Options>(KindName, options).StorageId is { Length: > 0 } id
            ? id
            : throw new ArgumentException("The 'local' connector config needs a storageId.", nameof(options)));

    private void ThrowIfClosed() => ObjectDisposedException.ThrowIf(_closed, this);

    private static ConcurrentDictionary<StoreKey, Entry> Attach(string storageId)
    {
        // Forget storages whose connectors are all gone, so the table does not grow forever.
        if (Shared.Count % 64 == 63)
        {
            foreach (var (id, weak) in Shared)
            {
                if (!weak.TryGetTarget(out _))
                {
                    Shared.TryRemove(new KeyValuePair<string, WeakReference<ConcurrentDictionary<StoreKey, Entry>>>(id, weak));
                }
            }
        }

        while (true)
        {
            WeakReference<ConcurrentDictionary<StoreKey, Entry>> reference = Shared.GetOrAdd(storageId, static _ => new(new ConcurrentDictionary<StoreKey, Entry>()));
            if (reference.TryGetTarget(out ConcurrentDictionary<StoreKey, Entry>? objects))
            {
                return objects;
            }

            // Every connector of that storage is gone; start it afresh.
            var fresh = new ConcurrentDictionary<StoreKey, Entry>();
            if (Shared.TryUpdate(storageId, new(fresh), reference))
            {
                return fresh;
            }
        }
    }

    internal sealed record Options(string StorageId);

    /// <summary>
    /// A stored frame, and whether a store of this process sealed it and handed it over
    /// (<see cref="IOwningConnector.PutOwnedAt"/>): nothing can write it after that, so reading it
    /// back needs no checksum. Frames given through <see cref="Put"/> or <see cref="Set"/> can be
    /// any bytes, and are checked.
    /// </summary>
    private readonly record struct Entry(byte[] Frame, bool Sealed);

    /// <summary>Ends one watch: removes its handler, and the key's entry with the last handler.</summary>
    private sealed class SetWatch(ConcurrentDictionary<StoreKey, Action> watchers, StoreKey key, Action onSet) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }

            // Compare-and-swap, since other waiters of the key come and go concurrently.
            while (watchers.TryGetValue(key, out Action? current))
            {
                Action? rest = current - onSet;
                bool done = rest is null
                    ? watchers.TryRemove(new KeyValuePair<StoreKey, Action>(key, current))
                    : watchers.TryUpdate(key, rest, current);
                if (done)
                {
                    return;
                }
            }
        }
    }
}

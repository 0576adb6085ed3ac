using Microsoft.Win32.SafeHandles;

namespace ProxyStore.Connectors;

public sealed partial class SharedMemoryConnector
{
    /// <inheritdoc />
    public StoreKey Put(ReadOnlyMemory<byte> data)
    {
        var key = new StoreKey(StoreKey.NewId());
        Write(key, [data], setOnce: false);
        return key;
    }

    /// <inheritdoc />
    public ValueTask<StoreKey> PutAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        // Writing is copying memory: nothing to wait for that another thread could do meanwhile.
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Put(data));
    }

    StoreKey? IKeyedPutConnector.NewPutKey(long size) => NewKey();

    void IKeyedPutConnector.PutAt(StoreKey key, ReadOnlyMemory<byte> frame) => Write(key, [frame], setOnce: false);

    ValueTask IKeyedPutConnector.PutAtAsync(StoreKey key, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(key, [frame], setOnce: false);
        return ValueTask.CompletedTask;
    }

    void IGatherConnector.PutPartsAt(StoreKey key, IReadOnlyList<ReadOnlyMemory<byte>> parts) => Write(key, parts, setOnce: false);

    void IStreamedPutConnector.PutStreamed(StoreKey key, long length, Action<FrameSink> write) => Write(key, length, write, setOnce: false);

    bool IStreamedPutConnector.StreamsWhenAsync => true;

    ValueTask IGatherConnector.PutPartsAtAsync(StoreKey key, IReadOnlyList<ReadOnlyMemory<byte>> parts, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(key, parts, setOnce: false);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public StoreKey NewKey()
    {
        ThrowIfClosed();
        return new StoreKey(StoreKey.NewId());
    }

    /// <inheritdoc />
    /// <remarks>Published by a hard link that refuses an existing name, so of two producers racing on one key, in any processes, exactly one wins.</remarks>
    public void Set(StoreKey key, ReadOnlyMemory<byte> data) => Write(key, [data], setOnce: true);

    /// <inheritdoc />
    public ValueTask SetAsync(StoreKey key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Set(key, data);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public byte[]? Get(StoreKey key)
    {
        string path = PathOf(key);
        ThrowIfClosed();
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e)
        {
            FileConnector.ThrowUnlessMissing(e, key, path);
            return null;
        }
    }

    FrameSource? IFrameSourceConnector.OpenFrame(StoreKey key) => Open(key, forView: false);

    ValueTask<FrameSource?> IFrameSourceConnector.OpenFrameAsync(StoreKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Open(key, forView: false));
    }

    FrameSource? IViewConnector.OpenView(StoreKey key) => Open(key, forView: true);

    /// <inheritdoc />
    public bool Exists(StoreKey key)
    {
        string path = PathOf(key);
        ThrowIfClosed();
        return File.Exists(path);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The owner keeps the segment for its next puts when nobody has it open: the name is taken
    /// away first, so no new reader can open it, and the segment is reused only if this
    /// connector can then hold it alone.
    /// </remarks>
    public void Evict(StoreKey key)
    {
        string path = PathOf(key);
        ThrowIfClosed();
        if (_pool is null)
        {
            StoreObjectFiles.TryDelete(path);
            return;
        }

        string free = Path.Join(SegmentDirectory, FreePrefix + StoreKey.NewId());
        try
        {
            File.Move(path, free);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return;
        }

        try
        {
            long size;
            using (SafeFileHandle alone = File.OpenHandle(free, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                size = RandomAccess.GetLength(alone);
            }

            if (_pool.TryAdd(free, size))
            {
                return;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A reader has it open: the memory is its until it lets go.
        }

        StoreObjectFiles.TryDelete(free);
    }

    void IGuardedEvictConnector.EvictStored(StoreKey key)
    {
        string path = PathOf(key);
        ThrowIfClosed();
        switch (StoreObjectFiles.Holds(path))
        {
            case null:
                return;
            case false:
                throw new ForeignObjectException(key, ToString());
            default:
                Evict(key);
                return;
        }
    }

    ValueTask IGuardedEvictConnector.EvictStoredAsync(StoreKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ((IGuardedEvictConnector)this).EvictStored(key);
        return ValueTask.CompletedTask;
    }
}

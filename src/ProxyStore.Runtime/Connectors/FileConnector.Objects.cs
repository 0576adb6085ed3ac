namespace ProxyStore.Connectors;

public sealed partial class FileConnector
{
    /// <inheritdoc />
    public bool Exists(StoreKey key)
    {
        ThrowIfClosed();
        string path = PathOf(key);

        // Python's FileConnector says an object exists once its marker does.
        return IsPython ? File.Exists(path + StoreObjectFiles.ReadySuffix) : File.Exists(path);
    }

    /// <inheritdoc />
    public void Evict(StoreKey key)
    {
        ThrowIfClosed();
        string path = PathOf(key);
        try
        {
            if (IsPython)
            {
                File.Delete(path + StoreObjectFiles.ReadySuffix);
            }

            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // The directory is gone, and the object with it.
        }
    }

    void IGuardedEvictConnector.EvictStored(StoreKey key)
    {
        ThrowIfClosed();
        StoreObjectFiles.Delete(PathOf(key), key, ToString(), ValueFormat);
    }

    ValueTask IGuardedEvictConnector.EvictStoredAsync(StoreKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ((IGuardedEvictConnector)this).EvictStored(key);
        return ValueTask.CompletedTask;
    }
}

namespace ProxyStore.Connectors;

public sealed partial class FileConnector
{
    /// <inheritdoc />
    public bool Exists(StoreKey key)
    {
        ThrowIfClosed();
        return File.Exists(PathOf(key));
    }

    /// <inheritdoc />
    public void Evict(StoreKey key)
    {
        ThrowIfClosed();
        string path = PathOf(key);
        try
        {
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
        StoreObjectFiles.Delete(PathOf(key), key, ToString());
    }

    ValueTask IGuardedEvictConnector.EvictStoredAsync(StoreKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ((IGuardedEvictConnector)this).EvictStored(key);
        return ValueTask.CompletedTask;
    }
}

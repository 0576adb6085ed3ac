using ProxyStore.Connectors;

namespace ProxyStore.Tests.Support;

/// <summary>
/// A <see cref="LocalConnector"/> whose asynchronous gets wait until the test calls
/// <see cref="Release"/> (or the caller cancels), so a test can hold a resolution in flight
/// without depending on timing. Synchronous gets do not wait.
/// </summary>
internal sealed class GatedConnector : IConnector
{
    private readonly LocalConnector _inner = new();
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _asyncGets;

    /// <summary>How many asynchronous gets have started.</summary>
    public int AsyncGets => Volatile.Read(ref _asyncGets);

    /// <summary>Lets every waiting and later asynchronous get through.</summary>
    public void Release() => _gate.TrySetResult();

    public StoreKey Put(ReadOnlyMemory<byte> data) => _inner.Put(data);

    public byte[]? Get(StoreKey key) => _inner.Get(key);

    public async ValueTask<byte[]?> GetAsync(StoreKey key, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _asyncGets);
        await _gate.Task.WaitAsync(cancellationToken);
        return _inner.Get(key);
    }

    public bool Exists(StoreKey key) => _inner.Exists(key);

    public void Evict(StoreKey key) => _inner.Evict(key);

    public ConnectorConfig GetConfig() => _inner.GetConfig();

    public void Close() => _inner.Close();
}

using ProxyStore.Connectors;

namespace ProxyStore.Tests.Support;

/// <summary>
/// A <see cref="LocalConnector"/> whose asynchronous gets wait <see cref="Delay"/> on a timer
/// and hold no thread meanwhile; its synchronous gets block a thread for as long. Unlike
/// <see cref="SlowConnector"/> it never spins to make up for a timer that fires early, so
/// awaiting many of its gets at once keeps no thread busy.
/// </summary>
internal sealed class AsyncDelayConnector : IConnector
{
    public static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(50);

    private readonly LocalConnector _inner = new();

    public StoreKey Put(ReadOnlyMemory<byte> data) => _inner.Put(data);

    public byte[]? Get(StoreKey key)
    {
        Thread.Sleep(Delay);
        return _inner.Get(key);
    }

    public async ValueTask<byte[]?> GetAsync(StoreKey key, CancellationToken cancellationToken = default)
    {
        await Task.Delay(Delay, cancellationToken);
        return _inner.Get(key);
    }

    public bool Exists(StoreKey key) => _inner.Exists(key);

    public void Evict(StoreKey key) => _inner.Evict(key);

    public ConnectorConfig GetConfig() => _inner.GetConfig();

    public void Close() => _inner.Close();
}

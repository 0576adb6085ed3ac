using System.Diagnostics;
using ProxyStore.Connectors;

namespace ProxyStore.Tests.Support;

/// <summary>
/// A <see cref="LocalConnector"/> whose gets take at least <see cref="GetDelay"/>, measured on
/// the same clock as the metrics (<see cref="Stopwatch"/>), so a test knows a lower bound
/// of every time that encloses a get.
/// </summary>
internal sealed class SlowConnector : IConnector
{
    public static readonly TimeSpan GetDelay = TimeSpan.FromMilliseconds(50);

    private readonly LocalConnector _inner = new();

    public StoreKey Put(ReadOnlyMemory<byte> data) => _inner.Put(data);

    public byte[]? Get(StoreKey key)
    {
        long start = Stopwatch.GetTimestamp();
        Thread.Sleep(GetDelay);
        WaitOut(start);
        return _inner.Get(key);
    }

    public async ValueTask<byte[]?> GetAsync(StoreKey key, CancellationToken cancellationToken = default)
    {
        long start = Stopwatch.GetTimestamp();
        await Task.Delay(GetDelay, cancellationToken);
        WaitOut(start);
        return _inner.Get(key);
    }

    public bool Exists(StoreKey key) => _inner.Exists(key);

    public void Evict(StoreKey key) => _inner.Evict(key);

    public ConnectorConfig GetConfig() => _inner.GetConfig();

    public void Close() => _inner.Close();

    // Sleeps and timers may wake a little early by the Stopwatch's reckoning; the bound must hold on it.
    private static void WaitOut(long start)
    {
        while (Stopwatch.GetElapsedTime(start) < GetDelay)
        {
            Thread.SpinWait(100);
        }
    }
}

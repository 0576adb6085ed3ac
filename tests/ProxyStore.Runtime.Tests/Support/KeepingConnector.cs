using System.Collections.Concurrent;
using ProxyStore.Connectors;

namespace ProxyStore.Tests.Support;

/// <summary>
/// A user's connector that keeps the memory it is given instead of a copy, against
/// <see cref="IConnector.Put"/>'s contract; the store must not hand it memory it reuses.
/// </summary>
internal sealed class KeepingConnector : IConnector
{
    private readonly ConcurrentDictionary<StoreKey, ReadOnlyMemory<byte>> _objects = new();

    public StoreKey Put(ReadOnlyMemory<byte> data)
    {
        var key = new StoreKey(Guid.NewGuid().ToString("N"));
        _objects[key] = data;
        return key;
    }

    public byte[]? Get(StoreKey key) => _objects.TryGetValue(key, out ReadOnlyMemory<byte> data) ? data.ToArray() : null;

    public bool Exists(StoreKey key) => _objects.ContainsKey(key);

    public void Evict(StoreKey key) => _objects.TryRemove(key, out _);

    public ConnectorConfig GetConfig() => throw new NotSupportedException("A test connector has no config.");

    public void Close() => _objects.Clear();
}

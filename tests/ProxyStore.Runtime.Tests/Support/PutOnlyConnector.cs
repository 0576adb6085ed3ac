using ProxyStore.Connectors;

namespace ProxyStore.Tests.Support;

/// <summary>A connector that cannot set keys later (not an <see cref="IDeferrableConnector"/>), over a <see cref="LocalConnector"/>.</summary>
internal sealed class PutOnlyConnector : IConnector
{
    private readonly LocalConnector _inner = new();

    public StoreKey Put(ReadOnlyMemory<byte> data) => _inner.Put(data);

    public byte[]? Get(StoreKey key) => _inner.Get(key);

    public bool Exists(StoreKey key) => _inner.Exists(key);

    public void Evict(StoreKey key) => _inner.Evict(key);

    public ConnectorConfig GetConfig() => _inner.GetConfig();

    public void Close() => _inner.Close();

    public override string ToString() => $"PutOnlyConnector({_inner.StorageId})";
}

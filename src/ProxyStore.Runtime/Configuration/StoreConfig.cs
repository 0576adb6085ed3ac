using ProxyStore.Connectors;

namespace ProxyStore;

/// <summary>
/// Everything needed to recreate a <see cref="Store"/> in this or another process:
/// pass it to <see cref="Store.FromConfig"/> or <see cref="StoreRegistry.GetOrCreate"/>.
/// Round-trips through System.Text.Json.
/// </summary>
public sealed record StoreConfig
{
    /// <summary>The store's name.</summary>
    public required string Name { get; init; }

    /// <summary>The connector's configuration.</summary>
    public required ConnectorConfig Connector { get; init; }

    /// <summary>
    /// The serializer's type as <c>Namespace.Type, Assembly</c>, or <see langword="null"/>
    /// for <see cref="Serialization.DefaultSerializer"/>.
    /// </summary>
    public string? Serializer { get; init; }

    /// <summary>The LRU cache's capacity; 0 disables the cache.</summary>
    public int CacheSize { get; init; } = Store.DefaultCacheSize;

    /// <summary>The most bytes the LRU cache keeps together; a larger value is never cached.</summary>
    public long CacheBytes { get; init; } = Store.DefaultCacheBytes;

    /// <summary>Whether the store records metrics.</summary>
    public bool Metrics { get; init; }

    /// <summary>The store-wide default of <c>populateTarget</c> for proxies.</summary>
    public bool PopulateTarget { get; init; }

    /// <summary>Whether the recreated store registers itself in <see cref="StoreRegistry"/>.</summary>
    public bool Register { get; init; }
}

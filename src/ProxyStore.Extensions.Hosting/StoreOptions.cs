using ProxyStore.Serialization;

namespace ProxyStore.Extensions.Hosting;

/// <summary>
/// The settings of a store added with <see cref="ProxyStoreBuilder.AddStore(string, Func{IServiceProvider, Connectors.IConnector}, Action{StoreOptions}?)"/>:
/// the same as a configured store's, beside its connector.
/// </summary>
public sealed class StoreOptions
{
    /// <summary>How many objects the store's LRU cache keeps; 0 disables it. Default <see cref="Store.DefaultCacheSize"/>.</summary>
    public int CacheSize { get; set; } = Store.DefaultCacheSize;

    /// <summary>The most bytes the store's cache keeps together; a larger value is never cached. Default <see cref="Store.DefaultCacheBytes"/>.</summary>
    public long CacheBytes { get; set; } = Store.DefaultCacheBytes;

    /// <summary>Whether the store records metrics in <see cref="Store.Metrics"/>. Default false.</summary>
    public bool Metrics { get; set; }

    /// <summary>The store-wide default of <c>populateTarget</c> for proxies. Default false.</summary>
    public bool PopulateTarget { get; set; }

    /// <summary>How objects become bytes; <see cref="DefaultSerializer"/> when null.</summary>
    public ISerializer? Serializer { get; set; }
}

namespace ProxyStore;

/// <summary>A factory that resolves from a store: what a proxy reference carries.</summary>
public interface IStoreFactory : IProxyFactory
{
    /// <summary>The key of the target.</summary>
    StoreKey Key { get; }

    /// <summary>The configuration that finds or recreates the store.</summary>
    StoreConfig StoreConfig { get; }

    /// <summary>Whether resolving evicts the object from the store.</summary>
    bool Evict { get; }

    /// <summary>The W3C trace context of the span that created the proxy, if any.</summary>
    string? TraceParent { get; }

    /// <summary>
    /// Whether resolving keeps the object in the store's cache (the default). A proxy whose object
    /// is read once and then evicted by its maker (an Orleans argument) skips the cache, and so the
    /// copy of a large array the cache would keep.
    /// </summary>
    bool Cache => true;
}

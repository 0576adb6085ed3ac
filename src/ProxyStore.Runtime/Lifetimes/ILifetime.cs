namespace ProxyStore;

/// <summary>
/// A lifetime: a set of store keys whose objects are evicted together when the lifetime closes
/// (ProxyStore's <c>store/lifetimes.py</c>). Give one to <see cref="ProxyStore.Store.Put(object?, ILifetime?)"/>,
/// <see cref="ProxyStore.Store.Proxy{T}(T, bool, bool?, ILifetime?)"/> and their batch and async twins, or add
/// keys and proxies yourself.
/// </summary>
public interface ILifetime
{
    /// <summary>The store whose keys this lifetime holds, or <see langword="null"/> when it may hold keys of any store.</summary>
    Store? Store { get; }

    /// <summary>Whether the lifetime is closed: its objects were evicted and it takes no more keys.</summary>
    bool IsDone { get; }

    /// <summary>Adds keys of <see cref="Store"/> to evict when the lifetime closes.</summary>
    /// <exception cref="InvalidOperationException">The lifetime is closed.</exception>
    /// <exception cref="ArgumentException">The lifetime is bound to no store, so the keys' store is unknown; use <see cref="AddKey(ProxyStore.Store, StoreKey[])"/>.</exception>
    void AddKey(params StoreKey[] keys);

    /// <summary>Adds keys of <paramref name="store"/> to evict when the lifetime closes.</summary>
    /// <exception cref="InvalidOperationException">The lifetime is closed.</exception>
    /// <exception cref="ArgumentException">The lifetime is bound to another store.</exception>
    void AddKey(Store store, params StoreKey[] keys);

    /// <summary>Adds the store keys of <paramref name="proxies"/> to evict when the lifetime closes.</summary>
    /// <exception cref="InvalidOperationException">The lifetime is closed.</exception>
    /// <exception cref="ArgumentException">A value is not a proxy of a store, or a proxy of a store this lifetime cannot hold.</exception>
    void AddProxy(params object[] proxies);

    /// <summary>Closes the lifetime, evicting every key it holds from its store; closing again does nothing.</summary>
    void Close();

    /// <summary>Asynchronous <see cref="Close"/>.</summary>
    ValueTask CloseAsync(CancellationToken cancellationToken = default);
}

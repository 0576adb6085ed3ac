using System.Collections.Concurrent;

namespace ProxyStore;

/// <summary>
/// The stores of this process by name. Proxies resolve through the store registered
/// under their store's name, so registering a store keeps the metrics of its proxies in
/// that one instance. Thread-safe.
/// </summary>
public static class StoreRegistry
{
    private static readonly ConcurrentDictionary<string, Store> Stores = new(StringComparer.Ordinal);

    // Writers take the lock so that GetOrCreate's check-then-create is atomic; readers do not.
    private static readonly Lock WriteLock = new();

    /// <summary>Registers <paramref name="store"/> under its name.</summary>
    /// <param name="store">The store.</param>
    /// <param name="existOk">Whether to replace a store already registered under that name.</param>
    /// <exception cref="StoreExistsException">A store with that name is registered and <paramref name="existOk"/> is false.</exception>
    public static void Register(Store store, bool existOk = false)
    {
        ArgumentNullException.ThrowIfNull(store);
        lock (WriteLock)
        {
            if (!existOk && Stores.TryGetValue(store.Name, out Store? existing) && !ReferenceEquals(existing, store))
            {
                throw new StoreExistsException(store.Name);
            }

            Stores[store.Name] = store;
        }
    }

    /// <summary>The store registered under <paramref name="name"/>, or <see langword="null"/>.</summary>
    public static Store? Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Stores.TryGetValue(name, out Store? store) ? store : null;
    }

    /// <summary>Removes the store registered under <paramref name="name"/>; does nothing if there is none.</summary>
    public static void Unregister(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (WriteLock)
        {
            Stores.TryRemove(name, out _);
        }
    }

    /// <summary>
    /// The store registered under <paramref name="config"/>'s name, or else a new store made
    /// from <paramref name="config"/> and registered. Two threads never create two stores
    /// for one name.
    /// </summary>
    public static Store GetOrCreate(StoreConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (Stores.TryGetValue(config.Name, out Store? store))
        {
            return store;
        }

        lock (WriteLock)
        {
            if (Stores.TryGetValue(config.Name, out store))
            {
                return store;
            }

            // A config with Register set registers the store as it is built; the lock is
            // re-entrant, and registering the same instance twice is harmless.
            store = Store.FromConfig(config);
            Stores[store.Name] = store;
            return store;
        }
    }

    /// <summary>The names of all registered stores.</summary>
    public static IReadOnlyCollection<string> Names => Stores.Keys.ToArray();

    /// <summary>Removes <paramref name="store"/> if it, and not another store of the same name, is registered.</summary>
    internal static void UnregisterInstance(Store store)
    {
        lock (WriteLock)
        {
            Stores.TryRemove(new KeyValuePair<string, Store>(store.Name, store));
        }
    }
}

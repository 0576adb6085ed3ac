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

    // Stores being built by GetOrCreate, one per name, so that building one (which may
    // connect to a server) holds up neither the registry nor the creation of other names.
    private static readonly ConcurrentDictionary<string, Lazy<Store>> Creating = new(StringComparer.Ordinal);

    // Writers take the lock so that GetOrCreate's check-then-create is atomic; readers do not.
    private static readonly Lock WriteLock = new();

    /// <summary>Registers <paramref name="store"/> under its name.</summary>
    /// <param name="store">The store.</param>
    /// <param name="existOk">Whether to replace a store already registered under that name.</param>
    /// <exception cref="StoreExistsException">A store with that name is registered and <paramref name="existOk"/> is false.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="store"/> is disposed.</exception>
    public static void Register(Store store, bool existOk = false)
    {
        ArgumentNullException.ThrowIfNull(store);
        ObjectDisposedException.ThrowIf(store.IsDisposed, store);
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
    /// <exception cref="ArgumentException"><paramref name="config"/> has no name, or cannot make a store.</exception>
    public static Store GetOrCreate(StoreConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (string.IsNullOrWhiteSpace(config.Name))
        {
            throw new ArgumentException("A store config needs a name to be looked up in the registry.", nameof(config));
        }

        if (Stores.TryGetValue(config.Name, out Store? store))
        {
            return store;
        }

        var created = new Lazy<Store>(() => Create(config), LazyThreadSafetyMode.ExecutionAndPublication);
        Lazy<Store> winner = Creating.GetOrAdd(config.Name, created);
        try
        {
            return winner.Value;
        }
        finally
        {
            Creating.TryRemove(new KeyValuePair<string, Lazy<Store>>(config.Name, winner));
        }
    }

    private static Store Create(StoreConfig config)
    {
        if (Stores.TryGetValue(config.Name, out Store? existing))
        {
            return existing;
        }

        // Built outside the lock; only the registration takes it.
        Store store = Store.FromConfig(config with { Register = false });
        lock (WriteLock)
        {
            if (Stores.TryGetValue(config.Name, out existing))
            {
                // Someone registered a store under this name meanwhile: theirs wins, and
                // its objects may be the very ones this connector reaches.
                store.DisposeWithoutClearing();
                return existing;
            }

            Stores[store.Name] = store;
            store.MarkRegistered(config.Register);
        }

        return store;
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

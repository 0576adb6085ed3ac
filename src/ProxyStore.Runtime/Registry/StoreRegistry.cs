using System.Collections.Concurrent;
using ProxyStore.Connectors;

namespace ProxyStore;

/// <summary>
/// The stores of this process by name. Proxies resolve through the store registered
/// under their store's name, so registering a store keeps the metrics of its proxies in
/// that one instance. Thread-safe.
/// </summary>
/// <remarks>
/// <para>The registry remembers every store disposed in this process (its name and connector
/// config). <see cref="GetOrCreate"/> never makes a new store from the config of a disposed
/// store while no store is registered under its name: the disposed store may have cleared its
/// storage, and nothing would dispose the new one. Registering a store under the name lifts
/// this.</para>
/// <para>Stores that <see cref="GetOrCreate"/> makes are disposed when the process exits; their
/// connectors are closed without clearing, since the storage belongs to the store that created
/// it. Disposing one earlier also closes its connector without clearing.</para>
/// </remarks>
public static class StoreRegistry
{
    private static readonly ConcurrentDictionary<string, Store> Stores = new(StringComparer.Ordinal);

    // Stores being built by GetOrCreate or GetOrCreateAsync, one per name, so that building one
    // (which may connect to a server) holds up neither the registry nor the creation of other
    // names. The first caller builds; the others, synchronous or not, wait for its task.
    private static readonly ConcurrentDictionary<string, TaskCompletionSource<Store>> Creating = new(StringComparer.Ordinal);

    // Writers take the lock so that GetOrCreate's check-then-create is atomic; readers do not.
    private static readonly Lock WriteLock = new();

    // Name -> connector configs of the stores disposed under it (a null config: one whose
    // connector could not describe itself, which matches every config of that name).
    // Guarded by WriteLock, so a disposal and GetOrCreate's check-then-create never interleave.
    private static readonly Dictionary<string, List<ConnectorConfig?>> Disposed = new(StringComparer.Ordinal);

    // Stores GetOrCreate made and nobody disposed yet: the process disposes them on exit.
    private static readonly ConcurrentDictionary<Store, byte> CreatedOnDemand = new(ReferenceEqualityComparer.Instance);

    static StoreRegistry()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DisposeCreatedStores(static _ => true);
    }

    /// <summary>Registers <paramref name="store"/> under its name; the name is in use again even if a store of that name was disposed.</summary>
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
            Disposed.Remove(store.Name);
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
    /// The store registered under <paramref name="config"/>'s name, if it has the storage the
    /// config names, or else a new store made from <paramref name="config"/> and registered. Two
    /// threads never create two stores for one name.
    /// </summary>
    /// <remarks>
    /// A store made here is disposed when the process exits, and its connector is closed
    /// without clearing (the storage is not its own). The config of a store disposed in this
    /// process makes no new store while no store is registered under its name.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="config"/> has no name, or cannot make a store.</exception>
    /// <exception cref="StoreDisposedException">No store is registered under the name, and a store with this name and connector config was disposed in this process.</exception>
    /// <exception cref="StoreMismatchException">A store is registered under the name with other storage (directory, server, prefix, kind) than <paramref name="config"/> names.</exception>
    public static Store GetOrCreate(StoreConfig config)
    {
        if (RegisteredOrThrow(config) is { } store)
        {
            return store;
        }

        var mine = new TaskCompletionSource<Store>(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSource<Store> winner = Creating.GetOrAdd(config.Name, mine);
        if (winner != mine)
        {
            // Another caller is building it: a synchronous caller waits as it would for its own build.
            return winner.Task.GetAwaiter().GetResult();
        }

        try
        {
            store = Create(config);
        }
        catch (Exception e)
        {
            Fail(config, mine, e);
            throw;
        }

        Succeed(config, mine, store);
        return store;
    }

    /// <summary>
    /// Asynchronous <see cref="GetOrCreate"/>: the store registered under <paramref name="config"/>'s
    /// name, or else a new store made from <paramref name="config"/> (its connector connecting
    /// without blocking a thread) and registered. Two callers never create two stores for one name.
    /// </summary>
    /// <param name="config">The store's configuration.</param>
    /// <param name="cancellationToken">Stops this caller's wait; a store being made is still made, registered and disposed at exit.</param>
    /// <exception cref="ArgumentException"><paramref name="config"/> has no name, or cannot make a store.</exception>
    /// <exception cref="StoreDisposedException">No store is registered under the name, and a store with this name and connector config was disposed in this process.</exception>
    /// <exception cref="StoreMismatchException">A store is registered under the name with other storage than <paramref name="config"/> names.</exception>
    public static async ValueTask<Store> GetOrCreateAsync(StoreConfig config, CancellationToken cancellationToken = default)
    {
        if (RegisteredOrThrow(config) is { } store)
        {
            return store;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var mine = new TaskCompletionSource<Store>(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSource<Store> winner = Creating.GetOrAdd(config.Name, mine);
        if (winner == mine)
        {
            // Not awaited here, nor cancelled by this caller's token: other callers may wait for
            // this build, and a connect ends within its timeout anyway.
            _ = BuildAsync(config, mine);
        }

        return await winner.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The registered store of the config's name, else null after checking that one may be made.</summary>
    private static Store? RegisteredOrThrow(StoreConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (string.IsNullOrWhiteSpace(config.Name))
        {
            throw new ArgumentException("A store config needs a name to be looked up in the registry.", nameof(config));
        }

        if (Stores.TryGetValue(config.Name, out Store? store))
        {
            return SameStorage(store, config);
        }

        lock (WriteLock)
        {
            ThrowIfDisposed(config);
        }

        return null;
    }

    private static async Task BuildAsync(StoreConfig config, TaskCompletionSource<Store> creation)
    {
        Store store;
        try
        {
            store = Stores.TryGetValue(config.Name, out Store? existing)
                ? SameStorage(existing, config)
                : Publish(config, await Store.FromConfigAsync(config with { Register = false }).ConfigureAwait(false));
        }
        catch (Exception e)
        {
            // Not swallowed: every caller waiting for this build gets e from the task.
            Fail(config, creation, e);
            return;
        }

        Succeed(config, creation, store);
    }

    private static void Succeed(StoreConfig config, TaskCompletionSource<Store> creation, Store store)
    {
        creation.SetResult(store);
        Creating.TryRemove(new KeyValuePair<string, TaskCompletionSource<Store>>(config.Name, creation));
    }

    private static void Fail(StoreConfig config, TaskCompletionSource<Store> creation, Exception e)
    {
        // Removed first, so the next caller builds afresh instead of getting this failure.
        Creating.TryRemove(new KeyValuePair<string, TaskCompletionSource<Store>>(config.Name, creation));
        creation.SetException(e);

        // With no caller left waiting (they were cancelled, or the one that built rethrows e
        // itself), the task's copy would otherwise surface again as an unobserved task exception.
        _ = creation.Task.Exception;
    }

    private static Store Create(StoreConfig config) =>
        Stores.TryGetValue(config.Name, out Store? existing)
            ? SameStorage(existing, config)
            : Publish(config, Store.FromConfig(config with { Register = false }));

    /// <summary>Registers <paramref name="store"/>, just made from <paramref name="config"/> outside the lock, unless another store took the name or the name's store was disposed meanwhile.</summary>
    private static Store Publish(StoreConfig config, Store store)
    {
        store.MarkCreatedFromConfig();
        lock (WriteLock)
        {
            if (Stores.TryGetValue(config.Name, out Store? existing))
            {
                // Someone registered a store under this name meanwhile: theirs wins, if it is the same storage.
                store.DisposeUnrecorded();
                return SameStorage(existing, config);
            }

            if (IsDisposed(config))
            {
                // The store was disposed while this one was being built: it must not take its place.
                store.DisposeUnrecorded();
                throw new StoreDisposedException(config.Name);
            }

            Stores[store.Name] = store;
            store.MarkRegistered(config.Register);
            store.MarkProvisional();
            CreatedOnDemand[store] = 0;
        }

        return store;
    }

    /// <summary>
    /// A resolution through <paramref name="store"/>, which the registry made for it, failed before
    /// any resolution through it succeeded: the store is unregistered, so a reference that fails
    /// (a forged one among them) leaves no store behind under its name. It is not disposed, as
    /// another resolution may be using it; it is disposed with the process.
    /// </summary>
    internal static void Retract(Store store)
    {
        if (store.TryRetract())
        {
            lock (WriteLock)
            {
                Stores.TryRemove(new KeyValuePair<string, Store>(store.Name, store));
            }
        }
    }

    /// <summary>
    /// Unregisters <paramref name="store"/> (if it is the registered instance) and remembers that
    /// a store of its name and <paramref name="connector"/> config was disposed, in one step, so
    /// that no <see cref="GetOrCreate"/> slips a new store in between.
    /// </summary>
    /// <param name="store">The store being disposed.</param>
    /// <param name="connector">Its connector's config, or null when the connector cannot describe itself.</param>
    internal static void RecordDisposed(Store store, ConnectorConfig? connector)
    {
        lock (WriteLock)
        {
            Stores.TryRemove(new KeyValuePair<string, Store>(store.Name, store));
            CreatedOnDemand.TryRemove(store, out _);
            if (!Disposed.TryGetValue(store.Name, out List<ConnectorConfig?>? configs))
            {
                configs = [];
                Disposed[store.Name] = configs;
            }

            if (!configs.Contains(connector))
            {
                configs.Add(connector);
            }
        }
    }

    /// <summary>Disposes the stores <see cref="GetOrCreate"/> made that <paramref name="which"/> selects and nobody disposed yet.</summary>
    /// <exception cref="AggregateException">Some stores failed to close their connectors; the others were disposed.</exception>
    internal static void DisposeCreatedStores(Func<Store, bool> which)
    {
        var errors = new List<Exception>();
        foreach (Store store in CreatedOnDemand.Keys)
        {
            if (!which(store))
            {
                continue;
            }

            try
            {
                store.Dispose();
            }
            catch (Exception e)
            {
                errors.Add(e);
            }
        }

        if (errors.Count > 0)
        {
            throw new AggregateException("Some stores the registry created failed to close their connectors.", errors);
        }
    }

    // Callers hold WriteLock.
    private static bool IsDisposed(StoreConfig config) =>
        Disposed.TryGetValue(config.Name, out List<ConnectorConfig?>? configs)
        && configs.Exists(c => c is null || c.Equals(config.Connector));

    private static void ThrowIfDisposed(StoreConfig config)
    {
        if (IsDisposed(config))
        {
            throw new StoreDisposedException(config.Name);
        }
    }

    /// <summary><paramref name="store"/>, registered under <paramref name="config"/>'s name, after checking that the config addresses its storage.</summary>
    /// <exception cref="StoreMismatchException">The config names other storage.</exception>
    private static Store SameStorage(Store store, StoreConfig config)
    {
        if (store.ConnectorConfig is { } registered && config.Connector is { } received)
        {
            StoreIdentity.Check(config.Name, registered, received);
        }

        return store;
    }

    /// <summary>The names of all registered stores.</summary>
    public static IReadOnlyCollection<string> Names => Stores.Keys.ToArray();

}

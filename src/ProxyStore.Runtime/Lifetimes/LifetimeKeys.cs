namespace ProxyStore;

/// <summary>
/// The bookkeeping every lifetime shares: the (store, key) pairs it holds, whether it is
/// closed, and closing (evicting each pair once). Composition rather than a base class so the
/// public lifetimes stay sealed and free to derive from nothing.
/// </summary>
internal sealed class LifetimeKeys
{
    private readonly object _gate = new();
    private readonly ILifetime _owner;
    private List<(Store Store, StoreKey Key)> _pairs = [];
    private HashSet<(Store, StoreKey)> _seen = [];
    private bool _done;

    public LifetimeKeys(ILifetime owner, Store? store)
    {
        _owner = owner;
        Store = store;
    }

    public Store? Store { get; }

    public bool IsDone
    {
        get
        {
            lock (_gate)
            {
                return _done;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _pairs.Count;
            }
        }
    }

    public void ThrowIfDone()
    {
        if (IsDone)
        {
            throw Closed();
        }
    }

    public InvalidOperationException Closed() => new($"{_owner} is closed: it takes no more keys.");

    public void AddKey(StoreKey[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (Store is null)
        {
            throw new ArgumentException($"{_owner} holds keys of any store, so a key alone does not say which store to evict it from: pass the store too.", nameof(keys));
        }

        AddKey(Store, keys);
    }

    public void AddKey(Store store, StoreKey[] keys)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(keys);
        if (Store is not null && !ReferenceEquals(store, Store))
        {
            throw new ArgumentException($"{_owner} holds keys of store '{Store.Name}' only, not of store '{store.Name}'.", nameof(store));
        }

        foreach (StoreKey key in keys)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(keys));
        }

        Add(keys.Select(key => (store, key)));
    }

    public void AddProxy(object[] proxies)
    {
        ArgumentNullException.ThrowIfNull(proxies);
        // Every proxy is checked before any is added, so a refused call adds nothing.
        var pairs = new (Store, StoreKey)[proxies.Length];
        for (int i = 0; i < proxies.Length; i++)
        {
            pairs[i] = (StoreOf(proxies[i], i), ((IStoreFactory)((IProxy)proxies[i]).Factory).Key);
        }

        Add(pairs);
    }

    private Store StoreOf(object? proxy, int index)
    {
        if (proxy is not IProxy { Factory: IStoreFactory factory })
        {
            string what = proxy is null ? "null" : proxy is IProxy p ? $"a proxy whose factory {p.Factory.GetType().Name} is not a store's" : $"a {proxy.GetType().FullName}, not a proxy";
            throw new ArgumentException($"Item {index} given to {_owner} is {what}: a lifetime needs proxies of a store.", "proxies");
        }

        string name = factory.StoreConfig.Name;
        if (Store is not null)
        {
            // A proxy names its store; within a process the name finds one store (the registry's).
            return name == Store.Name
                ? Store
                : throw new ArgumentException($"{_owner} holds keys of store '{Store.Name}' only, not the key of a proxy of store '{name}'.", "proxies");
        }

        return StoreRegistry.Get(name)
            ?? throw new ArgumentException($"{_owner} cannot evict the proxy's key later: its store '{name}' is not registered in this process.", "proxies");
    }

    private void Add(IEnumerable<(Store, StoreKey)> pairs)
    {
        lock (_gate)
        {
            if (_done)
            {
                throw Closed();
            }

            foreach ((Store, StoreKey) pair in pairs)
            {
                if (_seen.Add(pair))
                {
                    _pairs.Add(pair);
                }
            }
        }
    }

    /// <summary>Marks the lifetime closed and hands back what it held, once: later calls get nothing, so a close evicts each key once.</summary>
    public List<(Store Store, StoreKey Key)>? TakeForClose()
    {
        lock (_gate)
        {
            if (_done)
            {
                return null;
            }

            _done = true;
            List<(Store, StoreKey)> pairs = _pairs;
            _pairs = [];
            _seen = [];
            return pairs;
        }
    }

    /// <summary>Closes: evicts every key through its store, so the evictions are the store.evict they are in metrics and telemetry.</summary>
    /// <exception cref="AggregateException">Some evictions failed; the others still happened.</exception>
    public void Close() => Evict(TakeForClose());

    /// <summary>Asynchronous <see cref="Close"/>.</summary>
    public ValueTask CloseAsync(CancellationToken cancellationToken) => EvictAsync(TakeForClose(), cancellationToken);

    /// <summary>Evicts what <see cref="TakeForClose"/> handed back.</summary>
    /// <exception cref="AggregateException">Some evictions failed; the others still happened.</exception>
    public void Evict(List<(Store Store, StoreKey Key)>? pairs)
    {
        List<Exception>? errors = null;
        foreach ((Store store, StoreKey key) in pairs ?? [])
        {
            // A disposed store has closed its connector: there is nothing left to evict through.
            if (store.IsDisposed)
            {
                continue;
            }

            try
            {
                store.Evict(key);
            }
            catch (ObjectDisposedException) when (store.IsDisposed)
            {
                // Disposed between the check and the evict: as above.
            }
            catch (Exception e)
            {
                (errors ??= []).Add(e);
            }
        }

        ThrowIfAny(errors);
    }

    /// <summary>Asynchronous <see cref="Evict"/>.</summary>
    public async ValueTask EvictAsync(List<(Store Store, StoreKey Key)>? pairs, CancellationToken cancellationToken)
    {
        List<Exception>? errors = null;
        foreach ((Store store, StoreKey key) in pairs ?? [])
        {
            if (store.IsDisposed)
            {
                continue;
            }

            try
            {
                await store.EvictAsync(key, cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectDisposedException) when (store.IsDisposed)
            {
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                (errors ??= []).Add(e);
            }
        }

        ThrowIfAny(errors);
    }

    private void ThrowIfAny(List<Exception>? errors)
    {
        if (errors is not null)
        {
            throw new AggregateException($"{_owner} closed, but {errors.Count} of its evictions failed.", errors);
        }
    }
}

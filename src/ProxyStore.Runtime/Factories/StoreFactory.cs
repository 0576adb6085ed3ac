using System.Diagnostics;
using System.Text.Json.Serialization;

namespace ProxyStore;

/// <summary>
/// Resolves a proxy's target from a store: the store registered under the config's name,
/// or else the instance <see cref="StoreRegistry.GetOrCreate"/> makes from the config (never
/// for a store disposed in this process: that fails with a <see cref="ProxyResolveException"/>).
/// An asynchronous resolution is asynchronous all the way down: it looks the store up or makes
/// it with <see cref="StoreRegistry.GetOrCreateAsync"/>, whose Redis connector connects without
/// blocking a thread.
/// Metrics land in whichever of the two does the work; register the store that creates
/// proxies so that it is the one (analyzer PXS0001 reports stores that are not).
/// </summary>
/// <typeparam name="T">The type of proxy this factory serves.</typeparam>
public sealed class StoreFactory<T> : ProxyFactory<T>, IStoreFactory
    where T : class
{
    private readonly Lock _resolvingGate = new();
    private Store? _resolvingStore;
    private int _pendingCalls;
    private bool _evictedOnResolve;

    /// <summary>Creates a factory.</summary>
    /// <param name="key">The key of the target.</param>
    /// <param name="storeConfig">The configuration that finds or recreates the store.</param>
    /// <param name="evict">Whether resolving evicts the object from the store.</param>
    /// <param name="objectType">The concrete type of the stored object as <c>Namespace.Type, Assembly</c>, if known.</param>
    public StoreFactory(StoreKey key, StoreConfig storeConfig, bool evict = false, string? objectType = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(storeConfig);
        Key = key;
        StoreConfig = storeConfig;
        Evict = evict;
        ObjectType = objectType;
    }

    /// <summary>The key of the target.</summary>
    public StoreKey Key { get; }

    /// <summary>The configuration that finds or recreates the store.</summary>
    public StoreConfig StoreConfig { get; }

    /// <summary>Whether resolving evicts the object from the store.</summary>
    public bool Evict { get; }

    /// <inheritdoc />
    public bool Cache { get; init; } = true;

    /// <summary>The concrete type of the stored object, if known.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ObjectType { get; }

    /// <summary>
    /// The W3C trace context of the span that created the proxy, if tracing was on then.
    /// A resolution's span links to it, in this or another process.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TraceParent { get; init; }

    /// <summary>The store this factory resolves through, recreating it from <see cref="StoreConfig"/> if none is registered.</summary>
    /// <exception cref="StoreDisposedException">No store is registered under the name, and this store was disposed in this process.</exception>
    /// <exception cref="StoreMismatchException">A store is registered under the name with other storage than the config names.</exception>
    public Store GetStore() => StoreRegistry.GetOrCreate(StoreConfig);

    /// <summary>Asynchronous <see cref="GetStore"/>: a store recreated from the config connects without blocking a thread.</summary>
    /// <param name="cancellationToken">Stops the wait for the store.</param>
    /// <exception cref="StoreDisposedException">No store is registered under the name, and this store was disposed in this process.</exception>
    /// <exception cref="StoreMismatchException">A store is registered under the name with other storage than the config names.</exception>
    public ValueTask<Store> GetStoreAsync(CancellationToken cancellationToken = default) =>
        StoreRegistry.GetOrCreateAsync(StoreConfig, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// Records into the store instance that did the resolution, never into one looked up again:
    /// the registry may have changed meanwhile (the store replaced, or unregistered and disposed),
    /// and both factory metrics of one resolution belong in one instance.
    /// </remarks>
    /// <exception cref="InvalidOperationException">No resolution of this factory is waiting for its <c>factory.call</c>.</exception>
    protected override void RecordCallCore(long startTimestamp)
    {
        (Store store, bool evicted) = TakeResolvingStore();
        store.Recorder(MetricsKey.For(Key)).Time(TimeMetric.FactoryCall, startTimestamp, Stopwatch.GetTimestamp());

        // The key's last metric is in: a store that drops or folds evicted keys' metrics may now.
        if (evicted)
        {
            store.ForgetEvictedMetrics(Key);
        }
    }

    /// <inheritdoc />
    protected override T ResolveCore()
    {
        long start = Stopwatch.GetTimestamp();
        Store store = GetStoreForResolve();
        using Activity? activity = StartResolveActivity(store);
        bool found;
        T? value;
        try
        {
            found = store.TryGet(Key, out value, cacheResult: !Evict && Cache);
            if (found && Evict)
            {
                store.Evict(Key, forgetMetrics: false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Failed(store, e);
        }

        return Complete(store, found, value, start);
    }

    /// <inheritdoc />
    protected override async ValueTask<T> ResolveCoreAsync(CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        Store store = await GetStoreForResolveAsync(cancellationToken).ConfigureAwait(false);
        using Activity? activity = StartResolveActivity(store);
        bool found;
        T? value;
        try
        {
            (found, value) = await store.TryGetAsync<T>(Key, cacheResult: !Evict && Cache, cancellationToken).ConfigureAwait(false);
            if (found && Evict)
            {
                await store.EvictAsync(Key, forgetMetrics: false, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Failed(store, e);
        }

        return Complete(store, found, value, start);
    }

    /// <inheritdoc />
    public override string ToString() => $"StoreFactory<{typeof(T).Name}>(key={Key}, store={StoreConfig.Name})";

    private Activity? StartResolveActivity(Store store) =>
        StoreTelemetry.StartLinkedActivity(MetricNames.FactoryResolve, store.Name, Key, TraceParent);

    private Store GetStoreForResolve()
    {
        try
        {
            return GetStore();
        }
        catch (Exception e)
        {
            throw CannotGetStore(e);
        }
    }

    private async ValueTask<Store> GetStoreForResolveAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await GetStoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw CannotGetStore(e);
        }
    }

    private ProxyResolveException CannotGetStore(Exception e) => e is StoreDisposedException
        ? new ProxyResolveException(Key, StoreConfig.Name, $"Cannot resolve the proxy of '{Key}': the store '{StoreConfig.Name}' was disposed in this process and no store is registered under its name, so none is made from its config (its storage may have been cleared with it). Register a store named '{StoreConfig.Name}' to resolve through it.", e)
        : new ProxyResolveException(Key, StoreConfig.Name, $"Cannot resolve the proxy of '{Key}': the store '{StoreConfig.Name}' cannot be recreated from its config: {e.Message}", e);

    private T Complete(Store store, bool found, T? value, long start)
    {
        if (!found)
        {
            StoreRegistry.Retract(store);
            throw Recorded(new ProxyResolveException(Key, store.Name, $"Cannot resolve the proxy of '{Key}': the object is not in store '{store.Name}' (it was evicted or its storage was cleared)."));
        }

        if (value is null)
        {
            StoreRegistry.Retract(store);
            if (Evict)
            {
                store.ForgetEvictedMetrics(Key);
            }

            throw Recorded(new ProxyResolveException(Key, store.Name, $"Cannot resolve the proxy of '{Key}' in store '{store.Name}': the stored object is null, and a proxy needs an object."));
        }

        store.Confirm();
        store.Recorder(MetricsKey.For(Key)).Time(TimeMetric.FactoryResolve, start, Stopwatch.GetTimestamp());
        RememberResolvingStore(store, evicted: Evict);
        return value;
    }

    // A factory may be called concurrently (Call, or a prefetch and a use), so resolutions
    // waiting for their factory.call are counted; the store is let go with the last of them,
    // so a resolved proxy never keeps a (possibly disposed) store and its storage alive.
    // A resolution that evicted leaves the key's metrics to factory.call, which comes after it.
    private void RememberResolvingStore(Store store, bool evicted)
    {
        lock (_resolvingGate)
        {
            _resolvingStore = store;
            _evictedOnResolve |= evicted;
            _pendingCalls++;
        }
    }

    private (Store Store, bool Evicted) TakeResolvingStore()
    {
        lock (_resolvingGate)
        {
            Store store = _resolvingStore ?? throw new InvalidOperationException(
                $"Cannot record factory.call of '{Key}' in store '{StoreConfig.Name}': no resolution of this factory is waiting for it. " +
                "RecordCall follows a successful Resolve or ResolveAsync, once per resolution.");
            bool evicted = _evictedOnResolve;
            _evictedOnResolve = false;
            if (--_pendingCalls == 0)
            {
                _resolvingStore = null;
            }

            return (store, evicted);
        }
    }

    private ProxyResolveException Failed(Store store, Exception e)
    {
        StoreRegistry.Retract(store);
        return Recorded(new(Key, store.Name, $"Cannot resolve the proxy of '{Key}' from store '{store.Name}': {e.Message}", e));
    }

    /// <summary>Marks the resolution's span as failed with <paramref name="error"/>, which the caller throws.</summary>
    private static ProxyResolveException Recorded(ProxyResolveException error)
    {
        StoreTelemetry.RecordError(error);
        return error;
    }
}

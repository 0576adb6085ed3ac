using System.Diagnostics;

namespace ProxyStore;

/// <summary>
/// Resolves a proxy of a future (<see cref="StoreFuture{T}.Proxy"/>): like
/// <see cref="StoreFactory{T}"/>, but resolution waits until the object is set, as the
/// <see cref="Polling"/> options say, and records <c>factory.polling_resolve</c> around the
/// wait (and <c>factory.call</c> around the call), as Python ProxyStore's PollingStoreFactory.
/// Crosses processes in a <see cref="ProxyReference"/> with its polling options.
/// </summary>
/// <typeparam name="T">The type of proxy this factory serves.</typeparam>
public sealed class PollingStoreFactory<T> : ProxyFactory<T>, IPollingStoreFactory
    where T : class
{
    private readonly Lock _resolvingGate = new();
    private Store? _resolvingStore;
    private int _pendingCalls;

    /// <summary>Creates a factory.</summary>
    /// <param name="key">The key of the future's object.</param>
    /// <param name="storeConfig">The configuration that finds or recreates the store.</param>
    /// <param name="evict">Whether resolving evicts the object from the store.</param>
    /// <param name="polling">How resolution waits; <see cref="PollingOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A polling option is out of range.</exception>
    public PollingStoreFactory(StoreKey key, StoreConfig storeConfig, bool evict = false, PollingOptions? polling = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(storeConfig);
        Key = key;
        StoreConfig = storeConfig;
        Evict = evict;
        Polling = polling ?? PollingOptions.Default;
        Polling.Validate($"the future '{key}' of store '{storeConfig.Name}'");
    }

    /// <summary>The key of the future's object.</summary>
    public StoreKey Key { get; }

    /// <summary>The configuration that finds or recreates the store.</summary>
    public StoreConfig StoreConfig { get; }

    /// <summary>Whether resolving evicts the object from the store.</summary>
    public bool Evict { get; }

    /// <summary>How resolution waits for the object.</summary>
    public PollingOptions Polling { get; }

    /// <summary>The W3C trace context of the span that created the proxy, if tracing was on then.</summary>
    public string? TraceParent { get; init; }

    /// <summary>The store this factory resolves through, recreating it from <see cref="StoreConfig"/> if none is registered.</summary>
    /// <exception cref="StoreDisposedException">No store is registered under the name, and this store was disposed in this process.</exception>
    public Store GetStore() => StoreRegistry.GetOrCreate(StoreConfig);

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">No resolution of this factory is waiting for its <c>factory.call</c>.</exception>
    protected override void RecordCallCore(long startTimestamp)
    {
        Store store;
        lock (_resolvingGate)
        {
            store = _resolvingStore ?? throw new InvalidOperationException(
                $"Cannot record factory.call of '{Key}' in store '{StoreConfig.Name}': no resolution of this factory is waiting for it. " +
                "RecordCall follows a successful Resolve or ResolveAsync, once per resolution.");
            if (--_pendingCalls == 0)
            {
                _resolvingStore = null;
            }
        }

        store.Recorder(MetricsKey.For(Key)).Time(TimeMetric.FactoryCall, startTimestamp, Stopwatch.GetTimestamp());
    }

    /// <inheritdoc />
    protected override T ResolveCore()
    {
        Store store = GetStoreForResolve();
        using Activity? activity = StartActivity(store);
        T? value;
        try
        {
            value = FuturePoller.Wait<T>(store, Key, Polling, timeout: null, Evict);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Failed(store, e);
        }

        return Complete(store, value);
    }

    /// <inheritdoc />
    protected override async ValueTask<T> ResolveCoreAsync(CancellationToken cancellationToken)
    {
        Store store = GetStoreForResolve();
        using Activity? activity = StartActivity(store);
        T? value;
        try
        {
            value = await FuturePoller.WaitAsync<T>(store, Key, Polling, timeout: null, Evict, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Failed(store, e);
        }

        return Complete(store, value);
    }

    /// <inheritdoc />
    public override string ToString() => $"PollingStoreFactory<{typeof(T).Name}>(key={Key}, store={StoreConfig.Name})";

    private Activity? StartActivity(Store store) =>
        StoreTelemetry.StartLinkedActivity(MetricNames.FactoryPollingResolve, store.Name, Key, TraceParent);

    private Store GetStoreForResolve()
    {
        try
        {
            return GetStore();
        }
        catch (Exception e)
        {
            throw new ProxyResolveException(Key, StoreConfig.Name, $"Cannot resolve the proxy of the future '{Key}': the store '{StoreConfig.Name}' is not available in this process: {e.Message}", e);
        }
    }

    private T Complete(Store store, T? value)
    {
        if (value is null)
        {
            StoreRegistry.Retract(store);
            throw new ProxyResolveException(Key, store.Name, $"Cannot resolve the proxy of the future '{Key}' in store '{store.Name}': the stored object is null, and a proxy needs an object.");
        }

        store.Confirm();

        // A factory may be called concurrently, so resolutions waiting for their factory.call
        // are counted and the store is let go with the last, as StoreFactory does.
        lock (_resolvingGate)
        {
            _resolvingStore = store;
            _pendingCalls++;
        }

        return value;
    }

    private ProxyResolveException Failed(Store store, Exception e)
    {
        StoreRegistry.Retract(store);
        return new(Key, store.Name, $"Cannot resolve the proxy of the future '{Key}' from store '{store.Name}': {e.Message}", e);
    }
}

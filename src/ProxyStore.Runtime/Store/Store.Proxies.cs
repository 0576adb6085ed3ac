using System.Diagnostics;

namespace ProxyStore;

// Proxies: a put followed by a lazy proxy whose factory finds this store by name.
public sealed partial class Store
{
    private StoreConfig? _config;

    // A store's configuration never changes, so it is built once for all its proxies, and
    // before anything is stored, so that a store that cannot describe itself stores nothing.
    private StoreConfig Config => _config ??= ToConfig();

    /// <summary>
    /// Puts <paramref name="obj"/> and returns a lazy proxy of it: a <typeparamref name="T"/>
    /// that fetches the object from the store on first use, in this or another process.
    /// </summary>
    /// <param name="obj">The object; not null.</param>
    /// <param name="evict">Whether resolving the proxy evicts the object from the store.</param>
    /// <param name="populateTarget">Whether the proxy starts out resolved to <paramref name="obj"/>; the store's <see cref="PopulateTarget"/> when null.</param>
    /// <param name="lifetime">A lifetime that takes the key once the proxy is made, evicting the object when it closes.</param>
    /// <exception cref="NonProxiableTypeException">No proxy of <typeparamref name="T"/> can be made; nothing was stored.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="lifetime"/> is closed; nothing was stored.</exception>
    /// <exception cref="ArgumentException"><paramref name="lifetime"/> is bound to another store, or given with <c>evict: true</c>; nothing was stored.</exception>
    public T Proxy<T>(T obj, bool evict = false, bool? populateTarget = null, ILifetime? lifetime = null)
        where T : class
    {
        BeginProxy<T>(obj, nameof(obj));
        CheckLifetime(lifetime, evict);
        using Activity? activity = StoreTelemetry.StartActivity(MetricNames.Proxy, Name);
        try
        {
            long start = Now();
            StoreKey key = Put(obj);
            T proxy = FinishProxy(key, obj, evict, populateTarget, start, activity);
            AttachToLifetime(lifetime, [key]);
            return proxy;
        }
        catch (Exception e) when (StoreTelemetry.Failed(activity, e))
        {
            throw;
        }
    }

    /// <summary>Asynchronous <see cref="Proxy{T}"/>.</summary>
    public ValueTask<T> ProxyAsync<T>(T obj, bool evict = false, bool? populateTarget = null, ILifetime? lifetime = null, CancellationToken cancellationToken = default)
        where T : class =>
        ProxyAsync(obj, evict, cache: true, populateTarget, lifetime, cancellationToken);

    /// <summary>
    /// <see cref="ProxyAsync{T}(T, bool, bool?, ILifetime?, CancellationToken)"/>; without
    /// <paramref name="cache"/> a resolution does not keep the object in the cache: for proxies
    /// whose maker evicts the object once they were read (Orleans arguments and results).
    /// </summary>
    internal async ValueTask<T> ProxyAsync<T>(T obj, bool evict, bool cache, bool? populateTarget, ILifetime? lifetime, CancellationToken cancellationToken)
        where T : class
    {
        BeginProxy<T>(obj, nameof(obj));
        CheckLifetime(lifetime, evict);
        using Activity? activity = StoreTelemetry.StartActivity(MetricNames.Proxy, Name);
        try
        {
            long start = Now();
            StoreKey key = await PutAsync(obj, cancellationToken: cancellationToken).ConfigureAwait(false);
            T proxy = FinishProxy(key, obj, evict, populateTarget, start, activity, cache);
            AttachToLifetime(lifetime, [key]);
            return proxy;
        }
        catch (Exception e) when (StoreTelemetry.Failed(activity, e))
        {
            throw;
        }
    }

    /// <summary>Puts every object of <paramref name="objs"/> in one batch and returns a proxy of each, in order.</summary>
    /// <param name="objs">The objects; none null.</param>
    /// <param name="evict">Whether resolving a proxy evicts its object from the store.</param>
    /// <param name="populateTarget">Whether the proxies start out resolved; the store's <see cref="PopulateTarget"/> when null.</param>
    /// <param name="lifetime">A lifetime that takes the keys once the proxies are made, evicting the objects when it closes.</param>
    /// <exception cref="NonProxiableTypeException">No proxy of <typeparamref name="T"/> can be made; nothing was stored.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="lifetime"/> is closed; nothing was stored.</exception>
    /// <exception cref="ArgumentException"><paramref name="lifetime"/> is bound to another store, or given with <c>evict: true</c>; nothing was stored.</exception>
    public IReadOnlyList<T> ProxyBatch<T>(IEnumerable<T> objs, bool evict = false, bool? populateTarget = null, ILifetime? lifetime = null)
        where T : class
    {
        T[] items = BeginProxyBatch(objs);
        CheckLifetime(lifetime, evict);
        using Activity? activity = StoreTelemetry.StartActivity(MetricNames.ProxyBatch, Name);
        try
        {
            long start = Now();
            IReadOnlyList<StoreKey> keys = PutBatch(items);
            T[] proxies = FinishProxyBatch(keys, items, evict, populateTarget, start);
            AttachToLifetime(lifetime, keys);
            return proxies;
        }
        catch (Exception e) when (StoreTelemetry.Failed(activity, e))
        {
            throw;
        }
    }

    /// <summary>Asynchronous <see cref="ProxyBatch{T}"/>.</summary>
    public async ValueTask<IReadOnlyList<T>> ProxyBatchAsync<T>(IEnumerable<T> objs, bool evict = false, bool? populateTarget = null, ILifetime? lifetime = null, CancellationToken cancellationToken = default)
        where T : class
    {
        T[] items = BeginProxyBatch(objs);
        CheckLifetime(lifetime, evict);
        using Activity? activity = StoreTelemetry.StartActivity(MetricNames.ProxyBatch, Name);
        try
        {
            long start = Now();
            IReadOnlyList<StoreKey> keys = await PutBatchAsync(items, cancellationToken: cancellationToken).ConfigureAwait(false);
            T[] proxies = FinishProxyBatch(keys, items, evict, populateTarget, start);
            AttachToLifetime(lifetime, keys);
            return proxies;
        }
        catch (Exception e) when (StoreTelemetry.Failed(activity, e))
        {
            throw;
        }
    }

    /// <summary>A lazy proxy of the object already stored under <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="evict">Whether resolving the proxy evicts the object from the store.</param>
    /// <exception cref="NonProxiableTypeException">No proxy of <typeparamref name="T"/> can be made.</exception>
    public T ProxyFromKey<T>(StoreKey key, bool evict = false)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfDisposed();
        ProxyBuilder.EnsureProxiable<T>();
        return ProxyBuilder.Create(NewFactory<T>(key, evict, objectType: null));
    }

    /// <summary>Everything that can fail before an object is stored is checked here, so that a refused proxy stores nothing.</summary>
    private void BeginProxy<T>(T obj, string parameter)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(obj, parameter);
        ThrowIfDisposed();
        ProxyBuilder.EnsureProxiable<T>();
        _ = Config;
    }

    private T[] BeginProxyBatch<T>(IEnumerable<T> objs)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(objs);
        T[] items = objs.ToArray();
        for (int i = 0; i < items.Length; i++)
        {
            if (items[i] is null)
            {
                throw new ArgumentException($"Item {i} of the batch is null; a proxy needs an object.", nameof(objs));
            }
        }

        ThrowIfDisposed();
        ProxyBuilder.EnsureProxiable<T>();
        _ = Config;
        return items;
    }

    private T FinishProxy<T>(StoreKey key, T obj, bool evict, bool? populateTarget, long start, Activity? activity, bool cache = true)
        where T : class
    {
        activity?.SetTag(StoreTelemetry.KeyTag, key.ToString());
        T proxy = CreateOrEvict([key], () => ProxyBuilder.Create(NewFactory<T>(key, evict, obj.GetType(), cache), (populateTarget ?? PopulateTarget) ? obj : null));
        RecordTime(TimeMetric.Proxy, MetricsKey.For(key), start);
        return proxy;
    }

    private T[] FinishProxyBatch<T>(IReadOnlyList<StoreKey> keys, T[] items, bool evict, bool? populateTarget, long start)
        where T : class
    {
        bool populate = populateTarget ?? PopulateTarget;
        T[] proxies = CreateOrEvict(keys, () =>
        {
            var made = new T[items.Length];
            for (int i = 0; i < items.Length; i++)
            {
                made[i] = ProxyBuilder.Create(NewFactory<T>(keys[i], evict, items[i].GetType()), populate ? items[i] : null);
            }

            return made;
        });
        RecordTime(TimeMetric.ProxyBatch, MetricsKey.ForBatch(keys), start);
        return proxies;
    }

    /// <summary>Makes the proxies of objects just stored, evicting the objects if that fails: a failed call leaves nothing behind.</summary>
    private TResult CreateOrEvict<TResult>(IReadOnlyList<StoreKey> keys, Func<TResult> create)
    {
        try
        {
            return create();
        }
        catch
        {
            foreach (StoreKey key in keys)
            {
                Connector.Evict(key);
            }

            throw;
        }
    }

    private StoreFactory<T> NewFactory<T>(StoreKey key, bool evict, Type? objectType, bool cache = true)
        where T : class
    {
        StoreConfig config = Config;
        string? typeName = objectType is null || objectType == typeof(T) ? null : Serialization.SerializerTypes.NameOf(objectType);
        // The span that created the proxy travels with it, so a resolution anywhere links back to it.
        return new StoreFactory<T>(key, config, evict, typeName) { TraceParent = Activity.Current?.Id, Cache = cache };
    }

    private void RecordTime(TimeMetric metric, MetricsKey key, long start) => Recorder(key).Time(metric, start, Now());
}

using System.Diagnostics;

namespace ProxyStore;

// Proxies: a put followed by a lazy proxy whose factory finds this store by name.
public sealed partial class Store
{
    private StoreConfig? _config;

    /// <summary>
    /// Puts <paramref name="obj"/> and returns a lazy proxy of it: a <typeparamref name="T"/>
    /// that fetches the object from the store on first use, in this or another process.
    /// </summary>
    /// <param name="obj">The object; not null.</param>
    /// <param name="evict">Whether resolving the proxy evicts the object from the store.</param>
    /// <param name="populateTarget">Whether the proxy starts out resolved to <paramref name="obj"/>; the store's <see cref="PopulateTarget"/> when null.</param>
    /// <exception cref="NonProxiableTypeException">No proxy of <typeparamref name="T"/> can be made; nothing was stored.</exception>
    public T Proxy<T>(T obj, bool evict = false, bool? populateTarget = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(obj);
        ThrowIfDisposed();
        ProxyBuilder.EnsureProxiable<T>();
        using Activity? activity = StoreTelemetry.StartActivity(MetricNames.Proxy, Name);
        long start = Now();
        StoreKey key = Put(obj);
        activity?.SetTag(StoreTelemetry.KeyTag, key.ToString());
        T proxy = ProxyBuilder.Create(NewFactory<T>(key, evict, obj.GetType()), (populateTarget ?? PopulateTarget) ? obj : null);
        RecordTime(TimeMetric.Proxy, MetricsKey.For(key), start);
        return proxy;
    }

    /// <summary>Puts every object of <paramref name="objs"/> in one batch and returns a proxy of each, in order.</summary>
    /// <exception cref="NonProxiableTypeException">No proxy of <typeparamref name="T"/> can be made; nothing was stored.</exception>
    public IReadOnlyList<T> ProxyBatch<T>(IEnumerable<T> objs, bool evict = false, bool? populateTarget = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(objs);
        ThrowIfDisposed();
        ProxyBuilder.EnsureProxiable<T>();
        using Activity? activity = StoreTelemetry.StartActivity(MetricNames.ProxyBatch, Name);
        long start = Now();
        T[] items = objs.ToArray();
        for (int i = 0; i < items.Length; i++)
        {
            if (items[i] is null)
            {
                throw new ArgumentException($"Item {i} of the batch is null; a proxy needs an object.", nameof(objs));
            }
        }

        IReadOnlyList<StoreKey> keys = PutBatch(items);
        bool populate = populateTarget ?? PopulateTarget;
        var proxies = new T[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            proxies[i] = ProxyBuilder.Create(NewFactory<T>(keys[i], evict, items[i].GetType()), populate ? items[i] : null);
        }

        RecordTime(TimeMetric.ProxyBatch, MetricsKey.ForBatch(keys), start);
        return proxies;
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

    private StoreFactory<T> NewFactory<T>(StoreKey key, bool evict, Type? objectType)
        where T : class
    {
        // A store's configuration never changes, so it is built once for all its proxies.
        StoreConfig config = _config ??= ToConfig();
        string? typeName = objectType is null || objectType == typeof(T) ? null : Serialization.SerializerTypes.NameOf(objectType);
        // The span that created the proxy travels with it, so a resolution anywhere links back to it.
        return new StoreFactory<T>(key, config, evict, typeName) { TraceParent = Activity.Current?.Id };
    }

    private void RecordTime(TimeMetric metric, MetricsKey key, long start) => Recorder(key).Time(metric, start, Now());
}

using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using ProxyStore.Connectors;
using ProxyStore.Serialization;

namespace ProxyStore;

// The synchronous operations. Each one's shared steps (serializing, finishing a get,
// recording metrics) live in Store.Steps.cs and Store.Reading.cs so the async twins do exactly the same.
public sealed partial class Store
{
    /// <summary>Serializes <paramref name="obj"/> and stores it.</summary>
    /// <param name="obj">The object.</param>
    /// <param name="lifetime">A lifetime that takes the key after the put, evicting the object when it closes.</param>
    /// <returns>The key that gets the object back.</returns>
    /// <exception cref="StoreSerializationException">
    /// <paramref name="obj"/> cannot be serialized, or with its frame it is larger than the connector stores or a
    /// get can read back (the message names the limit); nothing was stored.
    /// </exception>
    /// <exception cref="InvalidOperationException"><paramref name="lifetime"/> is closed; nothing was stored.</exception>
    /// <exception cref="ArgumentException"><paramref name="lifetime"/> is bound to another store; nothing was stored.</exception>
    public StoreKey Put(object? obj, ILifetime? lifetime = null)
    {
        ThrowIfDisposed();
        CheckLifetime(lifetime);
        using Activity? activity = StoreTelemetry.StartActivity(MetricNames.Put, Name);
        long start = Now();
        FrameParts parts = SerializeParts(obj);
        int size = parts.Length;
        long serialized = Now();
        StoreKey key;
        try
        {
            key = PutParts(parts);
        }
        catch (Exception e) when (ConnectorFailed(MetricNames.Put, key: null, e))
        {
            throw;
        }

        RecordPut(key, size, start, serialized, Now());
        activity?.SetTag(StoreTelemetry.KeyTag, key.ToString());
        AttachToLifetime(lifetime, [key]);
        return key;
    }

    /// <summary>Gets the object stored under <paramref name="key"/>.</summary>
    /// <returns>The object, or <c>default</c> when no object is stored under the key.</returns>
    /// <exception cref="InvalidCastException">The stored object is not a <typeparamref name="T"/>.</exception>
    /// <exception cref="StoreSerializationException">The stored bytes cannot be deserialized.</exception>
    public T? Get<T>(StoreKey key)
    {
        TryGet(key, out T? value);
        return value;
    }

    /// <summary>Gets the object stored under <paramref name="key"/>, telling a missing key from a stored default.</summary>
    /// <returns>Whether an object is stored under the key.</returns>
    /// <exception cref="InvalidCastException">The stored object is not a <typeparamref name="T"/>.</exception>
    /// <exception cref="StoreSerializationException">The stored bytes cannot be deserialized.</exception>
    public bool TryGet<T>(StoreKey key, [MaybeNullWhen(false)] out T value) => TryGet(key, out value, cacheResult: true);

    /// <summary>
    /// <see cref="TryGet{T}(StoreKey, out T)"/>; without <paramref name="cacheResult"/> a miss is not
    /// cached, for a caller that evicts the key next (a proxy that evicts on resolution), so a
    /// byte array is not copied for a cache entry that the eviction removes again.
    /// </summary>
    internal bool TryGet<T>(StoreKey key, [MaybeNullWhen(false)] out T value, bool cacheResult)
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfDisposed();

        // Without a span the get runs without the try/finally that disposing one needs: on a
        // cache hit of a few tens of nanoseconds that region alone is measurable.
        return StoreTelemetry.Tracing ? TryGetTraced(key, out value, cacheResult) : TryGetCore(key, out value, cacheResult);
    }

    private bool TryGetTraced<T>(StoreKey key, [MaybeNullWhen(false)] out T value, bool cacheResult)
    {
        using Activity? activity = StoreTelemetry.StartActivity(MetricNames.Get, Name, key);
        return TryGetCore(key, out value, cacheResult);
    }

    private bool TryGetCore<T>(StoreKey key, [MaybeNullWhen(false)] out T value, bool cacheResult)
    {
        // A cache hit costs little more than reading the clock, so the clock is read, and
        // the meter asked about listeners, only once each and only when someone records.
        bool telemetry = StoreTelemetry.GetMetersEnabled;
        bool timed = telemetry || Metrics is not null || LogsOperations;
        long start = timed ? Stopwatch.GetTimestamp() : 0;
        long generation = _cache.Generation;
        if (TryGetCached(key, start, timed, telemetry, out value))
        {
            return true;
        }

        long connectorStart = Now();
        // The frame is only read (deserializing copies what the caller gets), so the connector
        // lends its own storage or a pooled buffer, or reads large arrays straight into the
        // arrays the caller gets.
        FrameSource? source = OpenFrame(key);

        return FinishGet(key, source, generation, start, connectorStart, Now(), cacheResult, out value);
    }

    /// <summary>Whether an object is stored under <paramref name="key"/> (in the cache or the connector).</summary>
    public bool Exists(StoreKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfDisposed();
        using Activity? activity = StoreTelemetry.StartActivity(MetricNames.Exists, Name, key);
        long start = Now();
        if (_cache.Contains(key))
        {
            RecordExists(key, start, connectorStart: null, Now());
            return true;
        }

        long connectorStart = Now();
        bool exists;
        try
        {
            exists = Connector.Exists(key);
        }
        catch (Exception e) when (ConnectorFailed(MetricNames.Exists, key, e))
        {
            throw;
        }

        RecordExists(key, start, connectorStart, Now());
        return exists;
    }

    /// <summary>Removes the object stored under <paramref name="key"/> from the connector and the cache; a missing key is ignored.</summary>
    /// <remarks>
    /// The built-in connectors delete only a store's own objects: under a key that holds anything
    /// else (an application's file or Redis key named by a forged reference) nothing is deleted
    /// and <see cref="ForeignObjectException"/> is thrown. On Redis the check and the delete are
    /// one script. A custom connector's <see cref="IConnector.Evict"/> is called as it is.
    /// </remarks>
    /// <exception cref="ForeignObjectException">The key holds something the store did not write; it was left in place.</exception>
    public void Evict(StoreKey key) => Evict(key, forgetMetrics: true);

    /// <summary>
    /// <see cref="Evict(StoreKey)"/>; without <paramref name="forgetMetrics"/> the key's metrics
    /// stay until <see cref="ForgetEvictedMetrics"/>, for a proxy that evicts on resolution and
    /// records its factory metrics after the eviction.
    /// </summary>
    internal void Evict(StoreKey key, bool forgetMetrics)
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfDisposed();
        using Activity? activity = StoreTelemetry.StartActivity(MetricNames.Evict, Name, key);
        long start = Now();
        try
        {
            Connector.EvictStored(key);
        }
        catch (Exception e) when (ConnectorFailed(MetricNames.Evict, key, e))
        {
            throw;
        }

        long evicted = Now();
        _cache.Evict(key);
        RecordEvict(key, start, evicted, Now(), forgetMetrics);
    }
}

using System.Diagnostics;
using ProxyStore.Connectors;
using ProxyStore.Serialization;

namespace ProxyStore;

// The asynchronous twins of Store.Operations.cs: the same steps, awaiting the connector.
public sealed partial class Store
{
    /// <summary>Asynchronous <see cref="Put"/>.</summary>
    /// <exception cref="StoreSerializationException">
    /// <paramref name="obj"/> cannot be serialized, or with its frame it is larger than the connector stores or a
    /// get can read back (the message names the limit); nothing was stored.
    /// </exception>
    public async ValueTask<StoreKey> PutAsync(object? obj, ILifetime? lifetime = null, CancellationToken cancellationToken = default)
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
            key = await PutPartsAsync(parts, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Asynchronous <see cref="Get{T}"/>.</summary>
    public async ValueTask<T?> GetAsync<T>(StoreKey key, CancellationToken cancellationToken = default)
    {
        (_, T? value) = await TryGetAsync<T>(key, cancellationToken).ConfigureAwait(false);
        return value;
    }

    /// <summary>Asynchronous <see cref="TryGet{T}(StoreKey, out T)"/>: <c>Found</c> tells a missing key from a stored default.</summary>
    public ValueTask<(bool Found, T? Value)> TryGetAsync<T>(StoreKey key, CancellationToken cancellationToken = default) =>
        TryGetAsync<T>(key, cacheResult: true, cancellationToken);

    /// <summary>Asynchronous <see cref="TryGet{T}(StoreKey, out T, bool)"/>.</summary>
    internal async ValueTask<(bool Found, T? Value)> TryGetAsync<T>(StoreKey key, bool cacheResult, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfDisposed();
        using Activity? activity = StoreTelemetry.StartActivity(MetricNames.Get, Name, key);
        bool telemetry = StoreTelemetry.GetMetersEnabled;
        bool timed = telemetry || Metrics is not null || LogsOperations;
        long start = timed ? Stopwatch.GetTimestamp() : 0;
        long generation = _cache.Generation;
        if (TryGetCached(key, start, timed, telemetry, out T? cached))
        {
            return (true, cached);
        }

        long connectorStart = Now();
        // As in TryGet: the connector lends the frame, or reads large arrays straight into the caller's.
        FrameSource? source = await OpenFrameAsync(key, cancellationToken).ConfigureAwait(false);

        bool found = FinishGet(key, source, generation, start, connectorStart, Now(), cacheResult, out T? value);
        return (found, value);
    }

    /// <summary>Asynchronous <see cref="Exists"/>.</summary>
    public async ValueTask<bool> ExistsAsync(StoreKey key, CancellationToken cancellationToken = default)
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
            exists = await Connector.ExistsAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (ConnectorFailed(MetricNames.Exists, key, e))
        {
            throw;
        }

        RecordExists(key, start, connectorStart, Now());
        return exists;
    }

    /// <summary>Asynchronous <see cref="Evict(StoreKey)"/>.</summary>
    public ValueTask EvictAsync(StoreKey key, CancellationToken cancellationToken = default) => EvictAsync(key, forgetMetrics: true, cancellationToken);

    /// <summary>Asynchronous <see cref="Evict(StoreKey, bool)"/>.</summary>
    internal async ValueTask EvictAsync(StoreKey key, bool forgetMetrics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfDisposed();
        using Activity? activity = StoreTelemetry.StartActivity(MetricNames.Evict, Name, key);
        long start = Now();
        try
        {
            await Connector.EvictStoredAsync(key, cancellationToken).ConfigureAwait(false);
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

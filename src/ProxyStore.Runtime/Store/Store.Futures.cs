using System.Diagnostics;
using ProxyStore.Connectors;

namespace ProxyStore;

// Futures: a key handed out now, its object set later (Python ProxyStore's Store.future and _set).
public sealed partial class Store
{
    /// <summary>
    /// A future of a <typeparamref name="T"/>: a new key of the connector, whose value a producer
    /// sets later (<see cref="StoreFuture{T}.SetResult"/>) and consumers wait for, here or, through
    /// <see cref="StoreFuture{T}.Proxy"/>, in other processes.
    /// </summary>
    /// <param name="polling">How consumers wait; <see cref="PollingOptions.Default"/> (Python's defaults) when null.</param>
    /// <param name="evict">Whether getting the value evicts it from the store.</param>
    /// <param name="sizeHint">The expected serialized size in bytes, for connectors that route by size (<see cref="MultiConnector"/>), which choose where the value goes now.</param>
    /// <exception cref="NotSupportedException">The connector is not an <see cref="IDeferrableConnector"/>, or keeps Python's value format.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A polling option is out of range.</exception>
    public StoreFuture<T> Future<T>(PollingOptions? polling = null, bool evict = false, long? sizeHint = null)
        where T : class
    {
        ThrowIfDisposed();
        polling ??= PollingOptions.Default;
        polling.Validate($"a future of store '{Name}'");
        ThrowIfPythonFormat();
        StoreKey key = Deferrable().NewKey(sizeHint);
        return new StoreFuture<T>(this, key, evict, polling);
    }

    /// <summary>Asynchronous <see cref="Future{T}"/>.</summary>
    public async ValueTask<StoreFuture<T>> FutureAsync<T>(PollingOptions? polling = null, bool evict = false, long? sizeHint = null, CancellationToken cancellationToken = default)
        where T : class
    {
        ThrowIfDisposed();
        polling ??= PollingOptions.Default;
        polling.Validate($"a future of store '{Name}'");
        ThrowIfPythonFormat();
        StoreKey key = await Deferrable().NewKeyAsync(sizeHint, cancellationToken).ConfigureAwait(false);
        return new StoreFuture<T>(this, key, evict, polling);
    }

    /// <summary>
    /// Refuses a future in Python's value format: a future's failure travels as a flag of this
    /// library's frame, which Python's values do not have.
    /// </summary>
    private void ThrowIfPythonFormat()
    {
        if (_python)
        {
            throw new NotSupportedException(
                $"Store '{Name}' keeps Python ProxyStore's value format, which has no way to carry a future's failure; futures need a store in this library's format.");
        }
    }

    /// <summary>Serializes and frames <paramref name="value"/> as a put does, and sets it under <paramref name="key"/>.</summary>
    internal void SetFuture(StoreKey key, object? value)
    {
        ThrowIfDisposed();
        using Activity? activity = StoreTelemetry.StartActivity(MetricNames.Put, Name, key);
        long start = Now();
        byte[] data = SerializeForPut(value, key);
        long serialized = Now();
        SetFramed(key, data);
        RecordPut(key, data.Length, start, serialized, Now());
    }

    /// <summary>Asynchronous <see cref="SetFuture"/>.</summary>
    internal async ValueTask SetFutureAsync(StoreKey key, object? value, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        using Activity? activity = StoreTelemetry.StartActivity(MetricNames.Put, Name, key);
        long start = Now();
        byte[] data = SerializeForPut(value, key);
        long serialized = Now();
        try
        {
            await Deferrable().SetAsync(key, data, cancellationToken).ConfigureAwait(false);
        }
        catch (KeyAlreadySetException e)
        {
            throw AlreadySet(key, e);
        }
        catch (Exception e) when (ConnectorFailed(MetricNames.Put, key, e))
        {
            throw;
        }

        _cache.Evict(key);
        RecordPut(key, data.Length, start, serialized, Now());
    }

    /// <summary>Sets the failure of a future's producer under <paramref name="key"/>.</summary>
    internal void SetFutureFailure(StoreKey key, Exception exception)
    {
        ThrowIfDisposed();
        using Activity? activity = StoreTelemetry.StartActivity(MetricNames.Put, Name, key);
        long start = Now();
        byte[] data = StoredFrame.WrapFailure(FutureFailure.Of(exception), key);
        long serialized = Now();
        SetFramed(key, data);
        RecordPut(key, data.Length, start, serialized, Now());
    }

    /// <summary>A proxy of a future's value, resolving through a <see cref="PollingStoreFactory{T}"/>.</summary>
    internal T FutureProxy<T>(StoreKey key, bool evict, PollingOptions polling)
        where T : class
    {
        ThrowIfDisposed();
        ProxyBuilder.EnsureProxiable<T>();
        return ProxyBuilder.Create(new PollingStoreFactory<T>(key, Config, evict, polling) { TraceParent = Activity.Current?.Id });
    }

    private void SetFramed(StoreKey key, byte[] data)
    {
        try
        {
            Deferrable().Set(key, data);
        }
        catch (KeyAlreadySetException e)
        {
            throw AlreadySet(key, e);
        }
        catch (Exception e) when (ConnectorFailed(MetricNames.Put, key, e))
        {
            throw;
        }

        // Nothing should have cached a key that had no object, but a get racing an evict and a
        // set must not keep serving an older object.
        _cache.Evict(key);
    }

    private KeyAlreadySetException AlreadySet(StoreKey key, KeyAlreadySetException e) =>
        new(key, $"The future '{key}' of store '{Name}' is already set; a future is set once.", e);

    private IDeferrableConnector Deferrable() =>
        Connector as IDeferrableConnector ?? throw new NotSupportedException(
            $"Store '{Name}' cannot make or set futures: its connector {Connector} is not an IDeferrableConnector " +
            "(one that can hand out a key before the object exists). LocalConnector, FileConnector, RedisConnector and MultiConnector are.");
}

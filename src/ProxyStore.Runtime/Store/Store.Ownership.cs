using System.Diagnostics;
using ProxyStore.Connectors;

namespace ProxyStore;

// Ownership: owned proxies (Ownership/Owned.cs) and writing an owner's mutated target back.
public sealed partial class Store
{
    /// <summary>
    /// Puts <paramref name="obj"/> and returns its owner: an <see cref="Owned{T}"/> whose
    /// <see cref="Owned{T}.Value"/> is a lazy proxy of it, and whose disposal evicts it.
    /// </summary>
    /// <param name="obj">The object; not null.</param>
    /// <param name="populateTarget">Whether the owner's proxy starts out resolved to <paramref name="obj"/>; the store's <see cref="PopulateTarget"/> when null.</param>
    /// <param name="lifetime">
    /// A lifetime that also takes the key: the object is evicted when the owner is disposed or
    /// the lifetime closes, whichever comes first (an owner outliving its lifetime then points
    /// to an evicted object, as any proxy of that lifetime does).
    /// </param>
    /// <exception cref="NonProxiableTypeException">No proxy of <typeparamref name="T"/> can be made; nothing was stored.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="lifetime"/> is closed; nothing was stored.</exception>
    /// <exception cref="ArgumentException"><paramref name="lifetime"/> is bound to another store; nothing was stored.</exception>
    public Owned<T> OwnedProxy<T>(T obj, bool? populateTarget = null, ILifetime? lifetime = null)
        where T : class
    {
        // Never evict on resolve: the owner, not the first reader, decides when the object goes.
        T proxy = Proxy(obj, evict: false, populateTarget, lifetime);
        return new Owned<T>(this, Proxies.GetKey(proxy), proxy);
    }

    /// <summary>Asynchronous <see cref="OwnedProxy{T}"/>.</summary>
    public async ValueTask<Owned<T>> OwnedProxyAsync<T>(T obj, bool? populateTarget = null, ILifetime? lifetime = null, CancellationToken cancellationToken = default)
        where T : class
    {
        T proxy = await ProxyAsync(obj, evict: false, populateTarget, lifetime, cancellationToken).ConfigureAwait(false);
        return new Owned<T>(this, Proxies.GetKey(proxy), proxy);
    }

    /// <summary>
    /// Replaces the object stored under <paramref name="key"/> with <paramref name="obj"/>,
    /// recorded as the put it is. Only an owner (or its mutable borrow) calls this.
    /// </summary>
    /// <remarks>
    /// Connectors set a key once (<see cref="IDeferrableConnector.Set"/>), so the overwrite is an
    /// evict followed by a set: safe because the owner holds the only right to write the key,
    /// but a reader in another process in between sees the key missing, and stores in other
    /// processes may keep serving the old object from their caches (as in Python ProxyStore).
    /// </remarks>
    /// <exception cref="NotSupportedException">The connector is not an <see cref="IDeferrableConnector"/>.</exception>
    internal void Overwrite(StoreKey key, object? obj)
    {
        IDeferrableConnector deferrable = BeginOverwrite(key);
        using Activity? activity = StoreTelemetry.StartActivity(MetricNames.Put, Name, key);
        long start = Now();
        // Serialized before anything is evicted, so an object that cannot be stored leaves the old one in place.
        byte[] data = SerializeForPut(obj, key);
        long serialized = Now();
        try
        {
            Connector.EvictStored(key);
            _cache.Evict(key);
            deferrable.Set(key, data);
        }
        catch (Exception e) when (ConnectorFailed(MetricNames.Put, key, e))
        {
            throw;
        }

        FinishOverwrite(key, data.Length, start, serialized);
    }

    /// <summary>Asynchronous <see cref="Overwrite"/>.</summary>
    /// <remarks>A cancellation between the evict and the set leaves the key missing: the old object is gone and the new one not written.</remarks>
    internal async ValueTask OverwriteAsync(StoreKey key, object? obj, CancellationToken cancellationToken)
    {
        IDeferrableConnector deferrable = BeginOverwrite(key);
        using Activity? activity = StoreTelemetry.StartActivity(MetricNames.Put, Name, key);
        long start = Now();
        byte[] data = SerializeForPut(obj, key);
        long serialized = Now();
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await Connector.EvictStoredAsync(key, cancellationToken).ConfigureAwait(false);
            _cache.Evict(key);
            // Not cancelled past this point: an evicted key with nothing set would lose the object.
            await deferrable.SetAsync(key, data, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (ConnectorFailed(MetricNames.Put, key, e))
        {
            throw;
        }

        FinishOverwrite(key, data.Length, start, serialized);
    }

    private IDeferrableConnector BeginOverwrite(StoreKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfDisposed();
        return Connector as IDeferrableConnector ?? throw new NotSupportedException(
            $"Store '{Name}' cannot update '{key}' in place: its connector {Connector} cannot set a key " +
            "(it is not an IDeferrableConnector). LocalConnector, FileConnector, RedisConnector and MultiConnector can.");
    }

    private void FinishOverwrite(StoreKey key, int size, long start, long serialized)
    {
        // A get that raced the evict may have cached the key's old object again.
        _cache.Evict(key);
        RecordPut(key, size, start, serialized, Now());
    }
}

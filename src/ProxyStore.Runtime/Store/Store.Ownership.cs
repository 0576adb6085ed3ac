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
    /// <exception cref="NonProxiableTypeException">No proxy of <typeparamref name="T"/> can be made; nothing was stored.</exception>
    public Owned<T> OwnedProxy<T>(T obj, bool? populateTarget = null)
        where T : class
    {
        // Never evict on resolve: the owner, not the first reader, decides when the object goes.
        T proxy = Proxy(obj, evict: false, populateTarget);
        return new Owned<T>(this, Proxies.GetKey(proxy), proxy);
    }

    /// <summary>Asynchronous <see cref="OwnedProxy{T}"/>.</summary>
    public async ValueTask<Owned<T>> OwnedProxyAsync<T>(T obj, bool? populateTarget = null, CancellationToken cancellationToken = default)
        where T : class
    {
        T proxy = await ProxyAsync(obj, evict: false, populateTarget, cancellationToken).ConfigureAwait(false);
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
        ThrowIfDisposed();
        if (Connector is not IDeferrableConnector deferrable)
        {
            throw new NotSupportedException(
                $"Store '{Name}' cannot update '{key}' in place: its connector {Connector} cannot set a key " +
                "(it is not an IDeferrableConnector). LocalConnector, FileConnector, RedisConnector and MultiConnector can.");
        }

        using Activity? activity = StoreTelemetry.StartActivity(MetricNames.Put, Name, key);
        long start = Now();
        // Serialized before anything is evicted, so an object that cannot be stored leaves the old one in place.
        byte[] data = SerializeForPut(obj);
        long serialized = Now();
        Connector.Evict(key);
        _cache.Evict(key);
        deferrable.Set(key, data);

        // A get that raced the evict may have cached the key's old object again.
        _cache.Evict(key);
        RecordPut(key, data.Length, start, serialized, Now());
    }
}

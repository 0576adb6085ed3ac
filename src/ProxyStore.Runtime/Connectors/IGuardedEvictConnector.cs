namespace ProxyStore.Connectors;

/// <summary>
/// A connector that can delete an object only after checking that it is one a store wrote (it
/// starts with a stored frame), so that a store's evictions (an evict, an owner's disposal, a
/// lifetime's close, an overwrite) never delete what a forged key names: an application's file
/// or Redis key. <see cref="IConnector.Evict"/> stays the raw delete of the bytes API.
/// </summary>
/// <remarks>
/// The check and the delete are one step where the medium allows it (a script on Redis); on
/// files, objects are written once and never replaced, so checking the header the key names
/// now and then deleting that name is equivalent.
/// </remarks>
internal interface IGuardedEvictConnector
{
    /// <summary>Deletes the store object under <paramref name="key"/>; a missing key is ignored.</summary>
    /// <exception cref="ForeignObjectException">Something that is not a store object is under the key; it was left in place.</exception>
    void EvictStored(StoreKey key);

    /// <summary>Asynchronous <see cref="EvictStored"/>.</summary>
    ValueTask EvictStoredAsync(StoreKey key, CancellationToken cancellationToken);
}

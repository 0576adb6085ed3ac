namespace ProxyStore;

/// <summary>
/// An evict (or an owner's disposal, a lifetime's close, a clear) found under a key something
/// that is not an object ProxyStore stored (it does not start with a stored frame), and left it
/// where it was: only the store's own objects are ever deleted, so a forged reference cannot
/// delete an application's file or Redis key. The message names the key and where it was found,
/// never what it holds.
/// </summary>
public sealed class ForeignObjectException : ProxyStoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="key">The key that names the object.</param>
    /// <param name="location">Where it was found: the connector, or the store and its connector.</param>
    public ForeignObjectException(StoreKey key, string location)
        : base($"The object under '{key}' in {location} was not stored by ProxyStore (it does not start with a stored frame), so it was not deleted: " +
            "only a store's own objects are deleted. A reference that names it was forged or points at the wrong store.")
    {
        ArgumentNullException.ThrowIfNull(location);
        ExceptionData.SetKey(this, nameof(Key), key);
        ExceptionData.Set(this, nameof(Location), location);
    }

    /// <summary>The key that names the object.</summary>
    public StoreKey Key => ExceptionData.GetKey(this, nameof(Key));

    /// <summary>Where the object was found.</summary>
    public string Location => ExceptionData.GetRequired(this, nameof(Location));
}

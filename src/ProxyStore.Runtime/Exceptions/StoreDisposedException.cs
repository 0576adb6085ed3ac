namespace ProxyStore;

/// <summary>
/// A store named in a config was disposed in this process, and no store is registered under
/// its name: the registry does not make a new one from that config, because the disposed
/// store may have cleared its storage (a new one would find it empty, or recreate it empty),
/// and nothing would ever dispose the new store. Registering a store under the name again
/// lifts this.
/// </summary>
public sealed class StoreDisposedException : ProxyStoreException
{
    /// <summary>Creates the exception for the store named <paramref name="storeName"/>.</summary>
    public StoreDisposedException(string storeName)
        : base(
            $"The store '{storeName}' was disposed in this process, so no new store is made from its config: its storage may have " +
            $"been cleared with it, and nothing would dispose the new store. Register a store named '{storeName}' to use the name again.")
    {
        ExceptionData.Set(this, nameof(StoreName), storeName);
    }

    /// <summary>The name of the disposed store.</summary>
    public string StoreName => ExceptionData.GetRequired(this, nameof(StoreName));
}

namespace ProxyStore;

/// <summary>A store with the same name is already registered in <see cref="StoreRegistry"/>.</summary>
public sealed class StoreExistsException : ProxyStoreException
{
    /// <summary>Creates the exception for the store named <paramref name="storeName"/>.</summary>
    public StoreExistsException(string storeName)
        : base($"A store named '{storeName}' is already registered. Use StoreRegistry.Get(\"{storeName}\") to reuse it, " +
               "or pass existOk: true to replace it.")
    {
        ExceptionData.Set(this, nameof(StoreName), storeName);
    }

    /// <summary>The name that is already taken.</summary>
    public string StoreName => ExceptionData.GetRequired(this, nameof(StoreName));
}

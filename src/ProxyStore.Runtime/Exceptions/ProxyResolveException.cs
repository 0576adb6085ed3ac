namespace ProxyStore;

/// <summary>
/// A proxy could not get its target. The message names the key and the store; the
/// original failure is the <see cref="Exception.InnerException"/>. The proxy stays
/// unresolved, so a later use tries again. The key and store travel with the exception
/// (in its <see cref="Exception.Data"/>) to another process, such as an Orleans caller.
/// </summary>
public sealed class ProxyResolveException : ProxyStoreException
{
    /// <summary>Creates the exception.</summary>
    public ProxyResolveException(StoreKey key, string storeName, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ExceptionData.SetKey(this, nameof(Key), key);
        ExceptionData.Set(this, nameof(StoreName), storeName ?? throw new ArgumentNullException(nameof(storeName)));
    }

    /// <summary>The key the proxy tried to resolve.</summary>
    public StoreKey Key => ExceptionData.GetKey(this, nameof(Key));

    /// <summary>The store the proxy resolved through.</summary>
    public string StoreName => ExceptionData.GetRequired(this, nameof(StoreName));
}

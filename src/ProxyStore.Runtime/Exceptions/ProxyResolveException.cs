namespace ProxyStore;

/// <summary>
/// A proxy could not get its target. The message names the key and the store; the
/// original failure is the <see cref="Exception.InnerException"/>. The proxy stays
/// unresolved, so a later use tries again.
/// </summary>
public sealed class ProxyResolveException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProxyResolveException(StoreKey key, string storeName, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Key = key;
        StoreName = storeName;
    }

    /// <summary>The key the proxy tried to resolve.</summary>
    public StoreKey Key { get; }

    /// <summary>The store the proxy resolved through.</summary>
    public string StoreName { get; }
}

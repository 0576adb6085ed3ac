namespace ProxyStore.Connectors;

/// <summary>
/// A key that already holds an object was set again (<see cref="IDeferrableConnector.Set"/>,
/// <see cref="StoreFuture{T}.SetResult"/>): keys, and so futures, are set once. The message
/// names the key, and the store when a store reports it.
/// </summary>
public sealed class KeyAlreadySetException : ProxyStoreException
{
    /// <summary>Creates the exception.</summary>
    public KeyAlreadySetException(StoreKey key, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ExceptionData.SetKey(this, nameof(Key), key);
    }

    /// <summary>The key that was already set.</summary>
    public StoreKey Key => ExceptionData.GetKey(this, nameof(Key));
}

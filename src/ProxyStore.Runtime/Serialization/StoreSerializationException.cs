namespace ProxyStore.Serialization;

/// <summary>An object could not be serialized for, or deserialized from, a store.</summary>
public sealed class StoreSerializationException : ProxyStoreException
{
    /// <summary>Creates the exception.</summary>
    public StoreSerializationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

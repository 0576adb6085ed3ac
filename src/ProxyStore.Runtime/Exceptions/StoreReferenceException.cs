namespace ProxyStore;

/// <summary>
/// An owned or borrowed reference was used against the rules of ownership: the base of
/// <see cref="MutableBorrowException"/>, <see cref="ReferenceInvalidException"/> and
/// <see cref="ReferenceNotOwnedException"/>, which catches them all. The message names the key
/// and the store.
/// </summary>
public abstract class StoreReferenceException : ProxyStoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="key">The key of the object the reference points to.</param>
    /// <param name="storeName">The name of the store that holds it.</param>
    /// <param name="message">What went wrong; should name the key and the store.</param>
    protected StoreReferenceException(StoreKey key, string storeName, string message)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(storeName);
        ExceptionData.SetKey(this, nameof(Key), key);
        ExceptionData.Set(this, nameof(StoreName), storeName);
    }

    /// <summary>The key of the object the reference points to.</summary>
    public StoreKey Key => ExceptionData.GetKey(this, nameof(Key));

    /// <summary>The name of the store that holds the object.</summary>
    public string StoreName => ExceptionData.GetRequired(this, nameof(StoreName));
}

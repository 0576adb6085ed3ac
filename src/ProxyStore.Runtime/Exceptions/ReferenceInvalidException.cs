namespace ProxyStore;

/// <summary>
/// A reference is no longer valid: an owner disposed while still borrowed, or the value of an owner
/// used after it was disposed, or of a borrow after it was released. As Python ProxyStore's
/// <c>ReferenceInvalidError</c>. The message names the key and the store.
/// </summary>
public sealed class ReferenceInvalidException : StoreReferenceException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="key">The key of the object the reference points to.</param>
    /// <param name="storeName">The name of the store that holds it.</param>
    /// <param name="message">What went wrong; should name the key and the store.</param>
    public ReferenceInvalidException(StoreKey key, string storeName, string message)
        : base(key, storeName, message)
    {
    }
}

namespace ProxyStore;

/// <summary>
/// A borrow broke the rule of one mutable borrow or any number of shared ones: a second mutable borrow,
/// a shared borrow beside a mutable one, a mutable borrow beside shared ones, or an owner updated
/// while borrowed. As Python ProxyStore's <c>MutableBorrowError</c>. The message names the key and the store.
/// </summary>
public sealed class MutableBorrowException : StoreReferenceException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="key">The key of the object the reference points to.</param>
    /// <param name="storeName">The name of the store that holds it.</param>
    /// <param name="message">What went wrong; should name the key and the store.</param>
    public MutableBorrowException(StoreKey key, string storeName, string message)
        : base(key, storeName, message)
    {
    }
}

namespace ProxyStore;

/// <summary>
/// A reference that does not own its object was used where ownership is needed: an ownership operation
/// (<see cref="Ownership.Borrow{T}"/>, <see cref="Ownership.MutBorrow{T}"/>, <see cref="Ownership.Update{T}"/>)
/// on a proxy that is not the <see cref="Owned{T}.Value"/> of a live owner (nor, for an update, of a
/// mutable borrow). As Python ProxyStore's <c>ReferenceNotOwnedError</c>. The message names the key and the store.
/// </summary>
public sealed class ReferenceNotOwnedException : StoreReferenceException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="key">The key of the object the reference points to.</param>
    /// <param name="storeName">The name of the store that holds it.</param>
    /// <param name="message">What went wrong; should name the key and the store.</param>
    public ReferenceNotOwnedException(StoreKey key, string storeName, string message)
        : base(key, storeName, message)
    {
    }
}

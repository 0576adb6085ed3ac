namespace ProxyStore;

/// <summary>
/// A proxy reference was refused by its signature, before any of its fields was used: this
/// process holds reference keys and the reference is unsigned, altered or signed by a key the
/// process does not hold; or the reference is signed and this process holds no key to check it.
/// See <see cref="ReferenceKeys"/>.
/// </summary>
public sealed class ReferenceSignatureException : ProxyStoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why the reference was refused; never the key.</param>
    public ReferenceSignatureException(string message)
        : base(message)
    {
    }
}

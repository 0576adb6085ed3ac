namespace ProxyStore;

/// <summary>
/// An owner, a borrow, or a reference received from another process, as the serializer sees it
/// when it writes the proxy that is its value: what kind to write, and the sender's copy made
/// invalid once the write is done (Python's <c>BaseRefProxy.__reduce__</c>).
/// </summary>
internal interface ISendableReference
{
    /// <summary>The kind written with the proxy's reference.</summary>
    ReferenceKind Kind { get; }

    /// <summary>Throws when this reference may not be sent now (released, disposed, sent already, or an owner still borrowed).</summary>
    /// <exception cref="StoreReferenceException">It may not.</exception>
    void CheckSendable();

    /// <summary>Makes the sender's copy invalid: the reference now lives in the receiver.</summary>
    /// <exception cref="StoreReferenceException">It became unsendable since <see cref="CheckSendable"/>.</exception>
    void MarkSent();
}

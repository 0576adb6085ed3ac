namespace ProxyStore;

/// <summary>What an owned or borrowed reference is, as it travels in a proxy reference.</summary>
internal enum ReferenceKind
{
    /// <summary>An owner's value (Python's <c>OwnedProxy</c>): the receiver takes ownership.</summary>
    Owned,

    /// <summary>A shared borrow's value (Python's <c>RefProxy</c>).</summary>
    Shared,

    /// <summary>A mutable borrow's value (Python's <c>RefMutProxy</c>): the receiver may update.</summary>
    Mutable,
}

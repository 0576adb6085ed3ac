namespace ProxyStore.Analyzers.Internal.Ownership;

/// <summary>What a call of the runtime makes, as far as the borrow checker is concerned.</summary>
internal enum SourceKind
{
    /// <summary>Nothing the rules know.</summary>
    None,

    /// <summary>A new owner: <c>OwnedProxy</c>, <c>OwnedProxyAsync</c>, <c>Clone</c>, <c>IntoOwned</c>.</summary>
    Owner,

    /// <summary>A shared borrow: <c>Borrow</c>.</summary>
    SharedBorrow,

    /// <summary>A mutable borrow: <c>MutBorrow</c>.</summary>
    MutableBorrow,
}

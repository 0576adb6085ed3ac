using Microsoft.CodeAnalysis;

namespace ProxyStore.Analyzers.Internal.Ownership;

/// <summary>The runtime's ownership types and the methods that make, lend, move and send owners; null when the compilation does not see them.</summary>
internal sealed class OwnershipSymbols
{
    private OwnershipSymbols(
        INamedTypeSymbol owned,
        INamedTypeSymbol borrowed,
        INamedTypeSymbol mutBorrowed,
        INamedTypeSymbol? ownership,
        INamedTypeSymbol? store,
        INamedTypeSymbol? takesOwnership,
        INamedTypeSymbol? proxyReference)
    {
        Owned = owned;
        Borrowed = borrowed;
        MutBorrowed = mutBorrowed;
        Ownership = ownership;
        Store = store;
        TakesOwnership = takesOwnership;
        ProxyReference = proxyReference;
    }

    public INamedTypeSymbol Owned { get; }

    public INamedTypeSymbol Borrowed { get; }

    public INamedTypeSymbol MutBorrowed { get; }

    /// <summary>The static class <c>ProxyStore.Ownership</c>.</summary>
    public INamedTypeSymbol? Ownership { get; }

    public INamedTypeSymbol? Store { get; }

    public INamedTypeSymbol? TakesOwnership { get; }

    public INamedTypeSymbol? ProxyReference { get; }

    public static OwnershipSymbols? Create(Compilation compilation)
    {
        INamedTypeSymbol? owned = compilation.GetTypeByMetadataName("ProxyStore.Owned`1");
        INamedTypeSymbol? borrowed = compilation.GetTypeByMetadataName("ProxyStore.Borrowed`1");
        INamedTypeSymbol? mutBorrowed = compilation.GetTypeByMetadataName("ProxyStore.MutBorrowed`1");
        return owned is null || borrowed is null || mutBorrowed is null
            ? null
            : new OwnershipSymbols(
                owned,
                borrowed,
                mutBorrowed,
                compilation.GetTypeByMetadataName("ProxyStore.Ownership"),
                compilation.GetTypeByMetadataName("ProxyStore.Store"),
                compilation.GetTypeByMetadataName("ProxyStore.TakesOwnershipAttribute"),
                compilation.GetTypeByMetadataName("ProxyStore.ProxyReference"));
    }

    /// <summary>Whether <paramref name="type"/> is <c>Owned&lt;T&gt;</c>, <c>Borrowed&lt;T&gt;</c> or <c>MutBorrowed&lt;T&gt;</c>.</summary>
    public bool IsReference(ITypeSymbol? type) =>
        type is INamedTypeSymbol { IsGenericType: true } named
        && (Is(named, Owned) || Is(named, Borrowed) || Is(named, MutBorrowed));

    public bool IsOwned(ITypeSymbol? type) => type is INamedTypeSymbol { IsGenericType: true } named && Is(named, Owned);

    /// <summary>Whether <paramref name="parameter"/> carries <c>[TakesOwnership]</c>.</summary>
    public bool TakesOwnershipOf(IParameterSymbol? parameter)
    {
        if (parameter is null || TakesOwnership is null)
        {
            return false;
        }

        foreach (AttributeData attribute in parameter.OriginalDefinition.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, TakesOwnership))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="method"/> has a parameter that takes ownership.</summary>
    public bool HasOwnershipTakingParameter(IMethodSymbol method)
    {
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (TakesOwnershipOf(parameter))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether passing a proxy to <paramref name="parameter"/> sends it: <c>ProxyReference.Serialize</c>
    /// writes its reference for another process, and <c>Store.Put</c>, <c>PutAsync</c>,
    /// <c>Proxy</c> and <c>ProxyAsync</c> store its reference.
    /// </summary>
    public bool Sends(IParameterSymbol? parameter)
    {
        if (parameter?.ContainingSymbol is not IMethodSymbol method)
        {
            return false;
        }

        INamedTypeSymbol type = method.ContainingType.OriginalDefinition;
        return (ProxyReference is not null && method.Name == "Serialize" && SymbolEqualityComparer.Default.Equals(type, ProxyReference))
            || (Store is not null && !method.IsStatic && parameter.Ordinal == 0 && method.Name is "Put" or "PutAsync" or "Proxy" or "ProxyAsync"
                && SymbolEqualityComparer.Default.Equals(type, Store));
    }

    /// <summary>
    /// What calling <paramref name="method"/> makes: a new owner (<see cref="SourceKind.Owner"/>),
    /// a shared or mutable borrow, or nothing the rules know (<see cref="SourceKind.None"/>).
    /// </summary>
    public SourceKind SourceOf(IMethodSymbol method)
    {
        INamedTypeSymbol type = method.ContainingType.OriginalDefinition;
        if (Store is not null && !method.IsStatic && SymbolEqualityComparer.Default.Equals(type, Store))
        {
            return method.Name is "OwnedProxy" or "OwnedProxyAsync" ? SourceKind.Owner : SourceKind.None;
        }

        if (SymbolEqualityComparer.Default.Equals(type, Owned) && !method.IsStatic)
        {
            return method.Name switch
            {
                "Clone" => SourceKind.Owner,
                "Borrow" => SourceKind.SharedBorrow,
                "MutBorrow" => SourceKind.MutableBorrow,
                _ => SourceKind.None,
            };
        }

        if (Ownership is not null && method.IsStatic && SymbolEqualityComparer.Default.Equals(type, Ownership))
        {
            return method.Name switch
            {
                "IntoOwned" => SourceKind.Owner,
                "Borrow" => SourceKind.SharedBorrow,
                "MutBorrow" => SourceKind.MutableBorrow,
                _ => SourceKind.None,
            };
        }

        return SourceKind.None;
    }

    /// <summary>
    /// Whether calling <paramref name="member"/> on a disposed, moved or sent reference throws:
    /// <c>Value</c>, <c>Borrow</c>, <c>MutBorrow</c>, <c>Update</c>, <c>Clone</c>. <c>Key</c>,
    /// <c>IsDisposed</c>, <c>Dispose</c> and the rest stay usable.
    /// </summary>
    public bool IsCheckedMember(ISymbol member) =>
        IsReference(member.ContainingType)
        && member.Name is "Value" or "Borrow" or "MutBorrow" or "Update" or "Clone";

    private static bool Is(INamedTypeSymbol named, INamedTypeSymbol definition) =>
        SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, definition);
}

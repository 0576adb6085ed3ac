using Microsoft.CodeAnalysis;

namespace ProxyStore.Shared.Proxiability;

/// <summary>What a proxy class can do with an overridable member of its base class.</summary>
internal enum MemberAccessKind
{
    /// <summary>Override it and forward to the target.</summary>
    Forward,

    /// <summary>
    /// Override it only if it is abstract, throwing: a protected member cannot be called on
    /// another instance, so it cannot be forwarded. Non-abstract ones keep their base behaviour.
    /// </summary>
    ProtectedOnly,

    /// <summary>The proxy cannot see it: if it is abstract, the class cannot be derived.</summary>
    Inaccessible,
}

/// <summary>The access a proxy class in the compiled assembly has to a member of its base class.</summary>
/// <remarks>A class, not a record: the analyzers' netstandard2.0 build has no <c>IsExternalInit</c>.</remarks>
internal sealed class MemberAccess
{
    /// <summary>Creates the classification.</summary>
    /// <param name="kind">What the proxy can do with the member.</param>
    /// <param name="accessibility">The accessibility its override must declare, such as <c>protected internal</c>.</param>
    public MemberAccess(MemberAccessKind kind, string accessibility)
    {
        Kind = kind;
        Accessibility = accessibility;
    }

    /// <summary>What the proxy can do with the member.</summary>
    public MemberAccessKind Kind { get; }

    /// <summary>The accessibility its override must declare, such as <c>protected internal</c>.</summary>
    public string Accessibility { get; }

    /// <summary>Classifies <paramref name="member"/> (or an accessor) for a proxy compiled into <paramref name="compilation"/>.</summary>
    public static MemberAccess Of(ISymbol member, Compilation compilation)
    {
        IAssemblySymbol? assembly = member.ContainingAssembly;
        bool sameAssembly = SymbolEqualityComparer.Default.Equals(assembly, compilation.Assembly);
        bool internalAccess = sameAssembly || (assembly?.GivesAccessTo(compilation.Assembly) ?? false);
        return member.DeclaredAccessibility switch
        {
            Microsoft.CodeAnalysis.Accessibility.Public => new(MemberAccessKind.Forward, "public"),
            Microsoft.CodeAnalysis.Accessibility.Internal when internalAccess => new(MemberAccessKind.Forward, "internal"),
            Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal when internalAccess =>
                new(MemberAccessKind.Forward, sameAssembly ? "protected internal" : "protected"),
            Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => new(MemberAccessKind.ProtectedOnly, "protected"),
            Microsoft.CodeAnalysis.Accessibility.Protected => new(MemberAccessKind.ProtectedOnly, "protected"),
            Microsoft.CodeAnalysis.Accessibility.ProtectedAndInternal when internalAccess => new(MemberAccessKind.ProtectedOnly, "private protected"),
            _ => new(MemberAccessKind.Inaccessible, string.Empty),
        };
    }
}

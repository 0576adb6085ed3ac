using Microsoft.CodeAnalysis;

namespace ProxyStore.Analyzers.Internal.Ownership;

/// <summary>Which owner a borrow held in a slot was taken from, and whether it is mutable.</summary>
internal sealed class Loan
{
    /// <summary>A borrow whose owner is not a local or parameter, or differs between the paths that meet: never compared.</summary>
    public static readonly Loan Unknown = new(owner: null, mutable: false);

    public Loan(ISymbol? owner, bool mutable)
    {
        Owner = owner;
        Mutable = mutable;
    }

    /// <summary>The local or parameter holding the owner; null for <see cref="Unknown"/>.</summary>
    public ISymbol? Owner { get; }

    public bool Mutable { get; }

    public string Kind => Mutable ? "mutable" : "shared";

    /// <summary>The loan at a join: the same one, or <see cref="Unknown"/>; null means no borrow was ever put in the slot on that path.</summary>
    public static Loan? Merge(Loan? a, Loan? b)
    {
        if (a is null)
        {
            return b;
        }

        if (b is null || ReferenceEquals(a, b))
        {
            return a;
        }

        return a.Mutable == b.Mutable && a.Owner is not null && SymbolEqualityComparer.Default.Equals(a.Owner, b.Owner) ? a : Unknown;
    }
}

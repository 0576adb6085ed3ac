using Microsoft.CodeAnalysis;

namespace ProxyStore.Analyzers.Internal;

/// <summary>
/// One registration of a store under a constant name, for PXS0005: where, in which member, and
/// where in that member the store is known to be disposed (null: it may live on).
/// </summary>
internal sealed class StoreRegistration
{
    public StoreRegistration(string name, Location location, ISymbol member, int? end)
    {
        Name = name;
        Location = location;
        Member = member;
        End = end;
    }

    public string Name { get; }

    public Location Location { get; }

    /// <summary>The member whose code registers the store.</summary>
    public ISymbol Member { get; }

    /// <summary>The position in <see cref="Member"/> where the store is disposed, or null.</summary>
    public int? End { get; }

    /// <summary>Whether it was reported while its member was analyzed, so the compilation end skips it.</summary>
    public bool ReportedInMember { get; set; }

    /// <summary>
    /// Whether this registration and a later one (<paramref name="later"/>) may hold the name at
    /// once. In one member, not when this store is disposed before the later one registers; in
    /// two members, not when each store is disposed within its own member.
    /// </summary>
    public bool OverlapsLater(StoreRegistration later)
    {
        if (SymbolEqualityComparer.Default.Equals(Member, later.Member) && Location.SourceTree == later.Location.SourceTree)
        {
            return End is not { } end || end > later.Location.SourceSpan.Start;
        }

        return End is null || later.End is null;
    }
}

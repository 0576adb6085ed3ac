using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ProxyStore.Shared.Proxiability;

/// <summary>
/// When two members would clash in one class: the same name and, for methods and
/// indexers, the same parameter types (ref, out and in count as one kind, as in C#).
/// </summary>
internal static class Signatures
{
    /// <summary>The members a proxy class declares for itself, which forwarded members must not hide.</summary>
    public static readonly HashSet<string> ProxyMemberNames = new()
    {
        "__factory",
        "__gate",
        "__slot",
        "__target",
        "__Target",
        "__TargetAsync",
        "__Resolve",
        "__ResolveAsync",
    };

    private static readonly HashSet<string> ObjectMemberNames = new()
    {
        "ToString",
        "Equals",
        "GetHashCode",
        "GetType",
        "MemberwiseClone",
        "Finalize",
        "ReferenceEquals",
    };

    /// <summary>The name two members clash on: the member's name, or <c>this[]</c> for every indexer.</summary>
    public static string SlotName(ISymbol member) =>
        member is IPropertySymbol { IsIndexer: true } ? "this[]" : member.Name;

    /// <summary>
    /// Whether declaring both <paramref name="a"/> and <paramref name="b"/> in one class would
    /// not compile; also whether <paramref name="a"/>, declared in a class, overrides or hides
    /// <paramref name="b"/> of a base class.
    /// </summary>
    public static bool Clash(ISymbol a, ISymbol b)
    {
        if (SlotName(a) != SlotName(b))
        {
            return false;
        }

        return (a, b) switch
        {
            (IMethodSymbol ma, IMethodSymbol mb) => SameParameters(ma, mb),
            (IPropertySymbol { IsIndexer: true } pa, IPropertySymbol { IsIndexer: true } pb) => SameParameters(pa.Parameters, pb.Parameters),
            _ => true,
        };
    }

    /// <summary>
    /// Whether an implicit public member like <paramref name="member"/> would hide a member of
    /// <see cref="object"/> or one of the proxy's own, or take the proxy's name.
    /// </summary>
    public static bool IsReserved(ISymbol member, string proxyName)
    {
        if (member.Name.StartsWith("__", System.StringComparison.Ordinal) || member.Name == proxyName)
        {
            return true;
        }

        if (!ObjectMemberNames.Contains(member.Name))
        {
            return false;
        }

        if (member is not IMethodSymbol method)
        {
            return member is not IPropertySymbol { IsIndexer: true };
        }

        if (method.Arity != 0)
        {
            return false;
        }

        return method.Parameters.Length switch
        {
            0 => method.Name != "Equals" && method.Name != "ReferenceEquals",
            1 => method.Name == "Equals" && IsObject(method.Parameters[0]),
            2 => (method.Name == "Equals" || method.Name == "ReferenceEquals") && method.Parameters.All(IsObject),
            _ => false,
        };
    }

    /// <summary>Whether <paramref name="method"/> is <c>ToString()</c>, <c>Equals(object)</c> or <c>GetHashCode()</c>.</summary>
    public static bool IsObjectOverride(IMethodSymbol method, string name) =>
        method.Name == name && method.Arity == 0 && name switch
        {
            "Equals" => method.Parameters.Length == 1 && IsObject(method.Parameters[0]),
            _ => method.Parameters.Length == 0,
        };

    private static bool IsObject(IParameterSymbol parameter) =>
        parameter.RefKind == RefKind.None && parameter.Type.SpecialType == SpecialType.System_Object;

    private static bool SameParameters(IMethodSymbol a, IMethodSymbol b)
    {
        if (a.Arity != b.Arity || a.Parameters.Length != b.Parameters.Length)
        {
            return false;
        }

        // Compare generic methods with b's type parameters replaced by a's, so M<T>(T) and M<U>(U) match.
        IMethodSymbol bb = b.Arity == 0 ? b : b.Construct(a.TypeParameters.Cast<ITypeSymbol>().ToArray());
        return SameParameters(a.Parameters, bb.Parameters);
    }

    private static bool SameParameters(IReadOnlyList<IParameterSymbol> a, IReadOnlyList<IParameterSymbol> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (int i = 0; i < a.Count; i++)
        {
            if ((a[i].RefKind == RefKind.None) != (b[i].RefKind == RefKind.None)
                || !SymbolEqualityComparer.Default.Equals(a[i].Type, b[i].Type))
            {
                return false;
            }
        }

        return true;
    }
}

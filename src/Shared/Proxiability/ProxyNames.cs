using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis;

namespace ProxyStore.Shared.Proxiability;

/// <summary>
/// Names of generated proxies. An interface's leading <c>I</c> is dropped when an uppercase
/// letter follows it (<c>IModel</c> gives <c>ModelProxy</c>, <c>Item</c> gives <c>ItemProxy</c>).
/// A nested type's proxy is declared at namespace level and named after its containing
/// types too (<c>Outer.IModel</c> gives <c>OuterModelProxy</c>), so it can be reached from the
/// module initializer whatever the containing types are. Shared by the generator and the
/// analyzers, so PXS0003 reports exactly the names the generator would find taken.
/// </summary>
internal static class ProxyNames
{
    /// <summary>The metadata name of <c>[Proxiable]</c>.</summary>
    public const string AttributeName = "ProxyStore.ProxiableAttribute";

    /// <summary>
    /// The simple name of the proxy of the innermost type of <paramref name="chain"/> (outermost
    /// first). An interface keeps its <c>I</c> when a <c>[Proxiable]</c> sibling type has the
    /// stripped name (<c>IModel</c> beside a proxiable class <c>Model</c> gives <c>IModelProxy</c>),
    /// so the two proxies do not collide.
    /// </summary>
    public static string ProxyName(IReadOnlyList<INamedTypeSymbol> chain)
    {
        var name = new StringBuilder();
        for (int i = 0; i < chain.Count - 1; i++)
        {
            name.Append(chain[i].Name);
        }

        INamedTypeSymbol type = chain[chain.Count - 1];
        string stripped = StripInterfacePrefix(type);
        if (stripped != type.Name && HasProxiableSibling(type, stripped))
        {
            stripped = type.Name;
        }

        return name.Append(stripped).Append("Proxy").ToString();
    }

    /// <summary><paramref name="type"/> and its containing types, outermost first.</summary>
    public static List<INamedTypeSymbol> Chain(INamedTypeSymbol type)
    {
        var chain = new List<INamedTypeSymbol>();
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            chain.Insert(0, current);
        }

        return chain;
    }

    /// <summary><paramref name="type"/>'s name, without the <c>I</c> of an interface named like <c>IModel</c>.</summary>
    public static string StripInterfacePrefix(INamedTypeSymbol type)
    {
        string name = type.Name;
        return type.TypeKind == TypeKind.Interface && name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1])
            ? name.Substring(1)
            : name;
    }

    /// <summary>Whether <paramref name="type"/> carries <c>[Proxiable]</c>.</summary>
    public static bool IsProxiable(INamedTypeSymbol type)
    {
        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == AttributeName)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasProxiableSibling(INamedTypeSymbol type, string name)
    {
        IEnumerable<INamedTypeSymbol> siblings = type.ContainingType is { } container
            ? container.GetTypeMembers(name, type.Arity)
            : type.ContainingNamespace.GetTypeMembers(name, type.Arity);
        foreach (INamedTypeSymbol sibling in siblings)
        {
            if (IsProxiable(sibling))
            {
                return true;
            }
        }

        return false;
    }
}

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ProxyStore.Analyzers.Internal;

/// <summary>The runtime's types, looked up once per compilation; null when the runtime is not referenced.</summary>
internal sealed class ProxyStoreSymbols
{
    public const string StoreMetadataName = "ProxyStore.Store";
    public const string StoreRegistryMetadataName = "ProxyStore.StoreRegistry";
    public const string ProxiableAttributeMetadataName = "ProxyStore.ProxiableAttribute";

    private ProxyStoreSymbols(INamedTypeSymbol store, INamedTypeSymbol? storeRegistry, INamedTypeSymbol? proxiableAttribute)
    {
        Store = store;
        StoreRegistry = storeRegistry;
        ProxiableAttribute = proxiableAttribute;
    }

    public INamedTypeSymbol Store { get; }

    public INamedTypeSymbol? StoreRegistry { get; }

    public INamedTypeSymbol? ProxiableAttribute { get; }

    /// <summary>The runtime's symbols, or null when <paramref name="compilation"/> does not see <c>ProxyStore.Store</c>.</summary>
    public static ProxyStoreSymbols? Create(Compilation compilation)
    {
        INamedTypeSymbol? store = compilation.GetTypeByMetadataName(StoreMetadataName);
        return store is null
            ? null
            : new ProxyStoreSymbols(
                store,
                compilation.GetTypeByMetadataName(StoreRegistryMetadataName),
                compilation.GetTypeByMetadataName(ProxiableAttributeMetadataName));
    }

    /// <summary>Whether <paramref name="method"/> is <c>Store.Proxy</c>, <c>ProxyBatch</c> or <c>ProxyFromKey</c>.</summary>
    public bool IsProxyMethod(IMethodSymbol method) =>
        !method.IsStatic
        && SymbolEqualityComparer.Default.Equals(method.ContainingType, Store)
        && method.Name is "Proxy" or "ProxyBatch" or "ProxyFromKey";

    /// <summary>Whether <paramref name="method"/> is <c>StoreRegistry.Register</c>.</summary>
    public bool IsRegisterMethod(IMethodSymbol method) =>
        StoreRegistry is not null
        && method.IsStatic
        && method.Name == "Register"
        && SymbolEqualityComparer.Default.Equals(method.ContainingType, StoreRegistry);

    /// <summary>Whether <paramref name="creation"/> makes a <c>Store</c>.</summary>
    public bool IsStoreCreation(IObjectCreationOperation creation) =>
        SymbolEqualityComparer.Default.Equals(creation.Type, Store);

    /// <summary>Whether <paramref name="type"/> (or its generic definition) carries <c>[Proxiable]</c>.</summary>
    public bool HasProxiableAttribute(ITypeSymbol type)
    {
        if (ProxiableAttribute is null)
        {
            return false;
        }

        return HasAttribute(type) || (type is INamedTypeSymbol { IsGenericType: true } named && HasAttribute(named.OriginalDefinition));

        bool HasAttribute(ITypeSymbol candidate)
        {
            foreach (AttributeData attribute in candidate.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, ProxiableAttribute))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The <c>[Proxiable]</c> attribute applied to <paramref name="type"/>, or null.</summary>
    public AttributeData? GetProxiableAttribute(INamedTypeSymbol type)
    {
        if (ProxiableAttribute is null)
        {
            return null;
        }

        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, ProxiableAttribute))
            {
                return attribute;
            }
        }

        return null;
    }
}

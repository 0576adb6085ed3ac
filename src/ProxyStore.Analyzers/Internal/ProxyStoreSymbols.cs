using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ProxyStore.Analyzers.Internal;

/// <summary>The runtime's types, looked up once per compilation; null when the runtime is not referenced.</summary>
internal sealed class ProxyStoreSymbols
{
    public const string StoreMetadataName = "ProxyStore.Store";
    public const string StoreRegistryMetadataName = "ProxyStore.StoreRegistry";
    public const string ProxiableAttributeMetadataName = "ProxyStore.ProxiableAttribute";
    public const string StoreFutureMetadataName = "ProxyStore.StoreFuture`1";
    public const string HostBuilderMetadataName = "ProxyStore.Extensions.Hosting.ProxyStoreBuilder";

    private ProxyStoreSymbols(INamedTypeSymbol store, INamedTypeSymbol? storeRegistry, INamedTypeSymbol? proxiableAttribute, INamedTypeSymbol? storeFuture, INamedTypeSymbol? hostBuilder)
    {
        Store = store;
        StoreRegistry = storeRegistry;
        ProxiableAttribute = proxiableAttribute;
        StoreFuture = storeFuture;
        HostBuilder = hostBuilder;
    }

    /// <summary><c>ProxyStoreBuilder</c> of ProxyStore.Extensions.Hosting, when the compilation references it.</summary>
    public INamedTypeSymbol? HostBuilder { get; }

    public INamedTypeSymbol? StoreFuture { get; }

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
                compilation.GetTypeByMetadataName(ProxiableAttributeMetadataName),
                compilation.GetTypeByMetadataName(StoreFutureMetadataName),
                compilation.GetTypeByMetadataName(HostBuilderMetadataName));
    }

    /// <summary>
    /// Whether <paramref name="function"/> is the store factory given to the hosting package's
    /// <c>ProxyStoreBuilder.AddStore(name, factory)</c>: the host registers the store it returns.
    /// </summary>
    public bool IsHostedStoreFactory(IAnonymousFunctionOperation function)
    {
        IOperation? parent = function.Parent;
        while (parent is IDelegateCreationOperation or IConversionOperation)
        {
            parent = parent.Parent;
        }

        return HostBuilder is not null
            && parent is IArgumentOperation { Parameter: { Name: "factory", ContainingSymbol: IMethodSymbol { Name: "AddStore" } method } }
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, HostBuilder);
    }

    /// <summary>Whether <paramref name="method"/> is <c>Store.Proxy</c>, <c>ProxyBatch</c> or <c>ProxyFromKey</c>.</summary>
    public bool IsProxyMethod(IMethodSymbol method) =>
        !method.IsStatic
        && SymbolEqualityComparer.Default.Equals(method.ContainingType, Store)
        && method.Name is "Proxy" or "ProxyBatch" or "ProxyFromKey";

    /// <summary>Whether <paramref name="method"/> is a Store proxy method or one of its async twins (<c>ProxyAsync</c>, <c>ProxyBatchAsync</c>).</summary>
    public bool IsProxyMethodOrAsyncTwin(IMethodSymbol method) =>
        IsProxyMethod(method)
        || (!method.IsStatic
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, Store)
            && method.Name is "ProxyAsync" or "ProxyBatchAsync");

    /// <summary>
    /// The type <paramref name="method"/> makes proxies of: the type argument of a Store proxy
    /// method, or the <c>T</c> of <c>StoreFuture&lt;T&gt;.Proxy()</c>. Null for any other method,
    /// and for a type parameter, which only its callers bind.
    /// </summary>
    public ITypeSymbol? ProxiedType(IMethodSymbol method)
    {
        ITypeSymbol? type = null;
        if (method.IsGenericMethod && method.TypeArguments.Length == 1 && IsProxyMethodOrAsyncTwin(method))
        {
            type = method.TypeArguments[0];
        }
        else if (StoreFuture is not null
            && !method.IsStatic
            && method.Name == "Proxy"
            && method.Parameters.IsEmpty
            && SymbolEqualityComparer.Default.Equals(method.ContainingType.OriginalDefinition, StoreFuture))
        {
            type = method.ContainingType.TypeArguments[0];
        }

        return type is null or ITypeParameterSymbol ? null : type;
    }

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
    public bool HasProxiableAttribute(ITypeSymbol type) =>
        FindAttribute(type, ProxiableAttribute) is not null
        || (type is INamedTypeSymbol { IsGenericType: true } named && FindAttribute(named.OriginalDefinition, ProxiableAttribute) is not null);

    /// <summary>The <c>[Proxiable]</c> attribute applied to <paramref name="type"/>, or null.</summary>
    public AttributeData? GetProxiableAttribute(INamedTypeSymbol type) => FindAttribute(type, ProxiableAttribute);

    /// <summary>The attribute of class <paramref name="attributeClass"/> applied to <paramref name="symbol"/> itself, or null (also when the class is).</summary>
    public static AttributeData? FindAttribute(ISymbol symbol, INamedTypeSymbol? attributeClass)
    {
        if (attributeClass is null)
        {
            return null;
        }

        foreach (AttributeData attribute in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeClass))
            {
                return attribute;
            }
        }

        return null;
    }
}

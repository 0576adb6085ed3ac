using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;

namespace ProxyStore.Analyzers.Internal;

/// <summary>
/// The runtime's rule for which concrete types stored bytes may create where another type was
/// declared (the runtime's <c>CreatableTypes</c>, over symbols): the declared type itself, plain
/// data, and types declared storable. Used by PXS0006; kept rule for rule beside the runtime's.
/// </summary>
internal sealed class Storability
{
    public const string StorableAttributeMetadataName = "ProxyStore.StorableAttribute";
    public const string StorableTypesMetadataName = "ProxyStore.StorableTypes";
    private const string JsonDerivedTypeAttributeMetadataName = "System.Text.Json.Serialization.JsonDerivedTypeAttribute";

    // Deeper plain data than this is refused by the runtime too: a bound on self-nesting generics.
    private const int MaxDepth = 16;

    // Value types and classes that are plain data, by namespace-qualified metadata name.
    private static readonly ImmutableHashSet<string> PlainNamedTypes = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "System.DateTimeOffset", "System.TimeSpan", "System.DateOnly", "System.TimeOnly", "System.Guid", "System.Half",
        "System.Int128", "System.UInt128", "System.Numerics.BigInteger", "System.Numerics.Complex", "System.Uri", "System.Version");

    // Generic types whose instances hold only their type arguments' values.
    private static readonly ImmutableHashSet<string> PlainContainers = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "System.Collections.Generic.List`1", "System.Collections.Generic.Dictionary`2", "System.Collections.Generic.HashSet`1",
        "System.Collections.Generic.SortedDictionary`2", "System.Collections.Generic.SortedList`2", "System.Collections.Generic.SortedSet`1",
        "System.Collections.Generic.Queue`1", "System.Collections.Generic.Stack`1", "System.Collections.Generic.LinkedList`1",
        "System.Collections.Generic.KeyValuePair`2", "System.Nullable`1", "System.ReadOnlyMemory`1", "System.Memory`1", "System.ArraySegment`1",
        "System.Collections.ObjectModel.ReadOnlyCollection`1", "System.Collections.ObjectModel.ReadOnlyDictionary`2",
        "System.Collections.Immutable.ImmutableArray`1", "System.Collections.Immutable.ImmutableList`1", "System.Collections.Immutable.ImmutableDictionary`2",
        "System.Collections.Immutable.ImmutableHashSet`1", "System.Collections.Immutable.ImmutableSortedDictionary`2", "System.Collections.Immutable.ImmutableSortedSet`1",
        "System.Collections.Immutable.ImmutableQueue`1", "System.Collections.Immutable.ImmutableStack`1",
        "System.Collections.Concurrent.ConcurrentDictionary`2", "System.Collections.Concurrent.ConcurrentQueue`1",
        "System.Collections.Concurrent.ConcurrentStack`1", "System.Collections.Concurrent.ConcurrentBag`1",
        "System.Tuple`1", "System.Tuple`2", "System.Tuple`3", "System.Tuple`4", "System.Tuple`5", "System.Tuple`6", "System.Tuple`7", "System.Tuple`8",
        "System.ValueTuple`1", "System.ValueTuple`2", "System.ValueTuple`3", "System.ValueTuple`4", "System.ValueTuple`5", "System.ValueTuple`6",
        "System.ValueTuple`7", "System.ValueTuple`8");

    private readonly ProxyStoreSymbols _symbols;

    private Storability(ProxyStoreSymbols symbols, INamedTypeSymbol storableAttribute, INamedTypeSymbol? storableTypes, INamedTypeSymbol? jsonDerivedTypeAttribute)
    {
        _symbols = symbols;
        StorableAttribute = storableAttribute;
        StorableTypes = storableTypes;
        JsonDerivedTypeAttribute = jsonDerivedTypeAttribute;
    }

    public INamedTypeSymbol StorableAttribute { get; }

    public INamedTypeSymbol? StorableTypes { get; }

    public INamedTypeSymbol? JsonDerivedTypeAttribute { get; }

    /// <summary>The rules for <paramref name="compilation"/>, or null when its runtime predates <c>[Storable]</c> and creates any type.</summary>
    public static Storability? Create(Compilation compilation, ProxyStoreSymbols symbols) =>
        compilation.GetTypeByMetadataName(StorableAttributeMetadataName) is { } storable
            ? new Storability(
                symbols,
                storable,
                compilation.GetTypeByMetadataName(StorableTypesMetadataName),
                compilation.GetTypeByMetadataName(JsonDerivedTypeAttributeMetadataName))
            : null;

    /// <summary>
    /// Whether stored bytes may create a <paramref name="concrete"/> where <paramref name="declared"/>
    /// was declared, given which types the application allowed with <c>StorableTypes.Allow</c>.
    /// </summary>
    /// <param name="concrete">The type the object is created as.</param>
    /// <param name="declared">The type asked for, or the declared type of the member or element.</param>
    /// <param name="allowed">Whether <c>StorableTypes.Allow</c> was called with a type; asked of the type and its base classes.</param>
    public bool IsCreatable(ITypeSymbol concrete, ITypeSymbol declared, Func<ITypeSymbol, bool> allowed)
    {
        ITypeSymbol target = NullableUnderlying(declared) ?? declared;
        return SymbolEqualityComparer.Default.Equals(concrete, target)
            || IsPlain(concrete, allowed, depth: 0)
            || IsDeclaredStorable(concrete, allowed)
            || IsListedOn(concrete, target);
    }

    /// <summary>
    /// The type to declare storable so that <paramref name="concrete"/>, which is not creatable, becomes
    /// so: for an array or a container of plain data, the first element type or type argument that
    /// is not allowed (a <c>List&lt;Square&gt;</c> is plain data once <c>Square</c> is storable); else
    /// <paramref name="concrete"/> itself.
    /// </summary>
    public ITypeSymbol TypeToDeclare(ITypeSymbol concrete, Func<ITypeSymbol, bool> allowed)
    {
        ITypeSymbol type = concrete;
        for (int depth = 0; depth <= MaxDepth; depth++)
        {
            ITypeSymbol? refused = null;
            if (type is IArrayTypeSymbol array)
            {
                refused = array.ElementType;
            }
            else if (type is INamedTypeSymbol { IsGenericType: true } named && PlainContainers.Contains(MetadataName(named)))
            {
                foreach (ITypeSymbol argument in named.TypeArguments)
                {
                    if (!ElementAllowed(argument, allowed, depth))
                    {
                        refused = argument;
                        break;
                    }
                }
            }

            if (refused is null)
            {
                return type;
            }

            type = refused;
        }

        return type;
    }

    /// <summary>
    /// Whether the code fix can mark <paramref name="type"/> [Storable]: a class or struct declared in
    /// <paramref name="compilation"/>'s own source. A type of a referenced project is left out, as a
    /// build sees it as metadata and the IDE as source, and the two must say the same.
    /// </summary>
    public static bool IsInSource(ITypeSymbol type, Compilation compilation) =>
        type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct, IsImplicitlyDeclared: false } named
        && SymbolEqualityComparer.Default.Equals(named.ContainingAssembly, compilation.Assembly)
        && !named.DeclaringSyntaxReferences.IsEmpty;

    /// <summary>Whether the application can list derived types on <paramref name="type"/> with <c>[JsonDerivedType]</c>: a class or interface of <paramref name="compilation"/>'s own source.</summary>
    public static bool CanListDerivedTypes(ITypeSymbol type, Compilation compilation) =>
        type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Interface, SpecialType: SpecialType.None } named
        && SymbolEqualityComparer.Default.Equals(named.ContainingAssembly, compilation.Assembly)
        && !named.DeclaringSyntaxReferences.IsEmpty;

    /// <summary>Whether <paramref name="type"/>, or a base class, is <c>[Storable]</c>, allowed, or <c>[Proxiable]</c>, or implements a <c>[Proxiable]</c> interface.</summary>
    public bool IsDeclaredStorable(ITypeSymbol type, Func<ITypeSymbol, bool> allowed)
    {
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
        {
            return false;
        }

        for (ITypeSymbol? t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            if (ProxyStoreSymbols.FindAttribute(t, StorableAttribute) is not null || allowed(t) || _symbols.HasProxiableAttribute(t))
            {
                return true;
            }
        }

        foreach (INamedTypeSymbol implemented in type.AllInterfaces)
        {
            if (_symbols.HasProxiableAttribute(implemented))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The namespace-qualified metadata name of <paramref name="type"/>'s definition, <c>System.Collections.Generic.List`1</c>.</summary>
    public static string MetadataName(INamedTypeSymbol type)
    {
        var name = new StringBuilder(type.OriginalDefinition.MetadataName);
        for (INamespaceSymbol? ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            name.Insert(0, ns.Name + ".");
        }

        return name.ToString();
    }

    private static ITypeSymbol? NullableUnderlying(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : null;

    private bool IsPlain(ITypeSymbol type, Func<ITypeSymbol, bool> allowed, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_SByte or SpecialType.System_Byte
                or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
                or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_IntPtr or SpecialType.System_UIntPtr
                or SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_String or SpecialType.System_Decimal
                or SpecialType.System_DateTime or SpecialType.System_Object:
                return true;
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return true;
        }

        if (type is IArrayTypeSymbol array)
        {
            return ElementAllowed(array.ElementType, allowed, depth);
        }

        if (type is not INamedTypeSymbol named)
        {
            return false;
        }

        string name = MetadataName(named);
        if (PlainNamedTypes.Contains(name))
        {
            return true;
        }

        if (!named.IsGenericType || !PlainContainers.Contains(name))
        {
            return false;
        }

        foreach (ITypeSymbol argument in named.TypeArguments)
        {
            if (!ElementAllowed(argument, allowed, depth))
            {
                return false;
            }
        }

        return true;
    }

    // A type argument or element type: what a container of it creates, declared as itself. An
    // interface or abstract type creates nothing itself (each element is checked where it is
    // read); a struct of unmanaged fields in an array is read as raw bytes, no code run.
    private bool ElementAllowed(ITypeSymbol type, Func<ITypeSymbol, bool> allowed, int depth) =>
        IsPlain(type, allowed, depth + 1)
        || IsDeclaredStorable(type, allowed)
        || type.TypeKind == TypeKind.Interface
        || type.IsAbstract
        || (type.IsValueType && type.IsUnmanagedType && NullableUnderlying(type) is null);

    /// <summary>Whether <paramref name="declared"/>, or a base class of <paramref name="concrete"/> below it, lists <paramref name="concrete"/> with <c>[JsonDerivedType]</c>.</summary>
    private bool IsListedOn(ITypeSymbol concrete, ITypeSymbol declared)
    {
        if (JsonDerivedTypeAttribute is null)
        {
            return false;
        }

        if (Lists(declared))
        {
            return true;
        }

        for (ITypeSymbol? t = concrete.BaseType; t is not null && t.SpecialType != SpecialType.System_Object && !SymbolEqualityComparer.Default.Equals(t, declared); t = t.BaseType)
        {
            if (Lists(t))
            {
                return true;
            }
        }

        return false;

        bool Lists(ITypeSymbol type)
        {
            foreach (AttributeData attribute in type.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, JsonDerivedTypeAttribute)
                    && attribute.ConstructorArguments.Length > 0
                    && attribute.ConstructorArguments[0].Value is ITypeSymbol listed
                    && SymbolEqualityComparer.Default.Equals(listed, concrete))
                {
                    return true;
                }
            }

            return false;
        }
    }
}

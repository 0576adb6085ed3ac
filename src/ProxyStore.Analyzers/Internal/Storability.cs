// Kept whole over 400 lines: it restates the runtime's CreatableTypes rules one for one, and
// the parity tests compare this one judge with that one; split, the rules would be read apart.
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace ProxyStore.Analyzers.Internal;

/// <summary>
/// The runtime's rule for which concrete types stored bytes may create where another type was
/// declared (the runtime's <c>CreatableTypes</c>, over symbols): the declared type itself, plain
/// data, and types declared storable; and which members and elements of a stored object its
/// serializer checks so (<c>JsonGraph.Intercepts</c>). Used by PXS0006; kept rule for rule beside the runtime's.
/// </summary>
internal sealed class Storability
{
    public const string StorableAttributeMetadataName = "ProxyStore.StorableAttribute";
    public const string StorableTypesMetadataName = "ProxyStore.StorableTypes";
    private const string JsonDerivedTypeAttributeMetadataName = "System.Text.Json.Serialization.JsonDerivedTypeAttribute";
    private const string JsonPolymorphicAttributeMetadataName = "System.Text.Json.Serialization.JsonPolymorphicAttribute";
    private const string JsonConverterAttributeMetadataName = "System.Text.Json.Serialization.JsonConverterAttribute";

    // JsonUnknownDerivedTypeHandling.FailSerialization, what [JsonPolymorphic] does with a type it does not list unless told otherwise.
    private const int FailSerialization = 0;

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

    private readonly INamedTypeSymbol? _jsonPolymorphicAttribute;
    private readonly INamedTypeSymbol? _jsonConverterAttribute;

    private Storability(ProxyStoreSymbols symbols, INamedTypeSymbol storableAttribute, Compilation compilation)
    {
        _symbols = symbols;
        StorableAttribute = storableAttribute;
        StorableTypes = compilation.GetTypeByMetadataName(StorableTypesMetadataName);
        JsonDerivedTypeAttribute = compilation.GetTypeByMetadataName(JsonDerivedTypeAttributeMetadataName);
        _jsonPolymorphicAttribute = compilation.GetTypeByMetadataName(JsonPolymorphicAttributeMetadataName);
        _jsonConverterAttribute = compilation.GetTypeByMetadataName(JsonConverterAttributeMetadataName);
    }

    public INamedTypeSymbol StorableAttribute { get; }

    public INamedTypeSymbol? StorableTypes { get; }

    public INamedTypeSymbol? JsonDerivedTypeAttribute { get; }

    /// <summary>The rules for <paramref name="compilation"/>, or null when its runtime predates <c>[Storable]</c> and creates any type.</summary>
    public static Storability? Create(Compilation compilation, ProxyStoreSymbols symbols) =>
        compilation.GetTypeByMetadataName(StorableAttributeMetadataName) is { } storable
            ? new Storability(symbols, storable, compilation)
            : null;

    /// <summary>
    /// What the runtime does with <paramref name="stored"/>. Stored itself, its type is written in
    /// the frame and the get checks it (<see cref="IsCreatable"/>). In a member or element, the
    /// serializer's converter for the declared type writes it: the reference-aware one checks it
    /// the same way at the put, System.Text.Json's own polymorphism takes only the types the
    /// declared type lists, and a converter of the type's own, or a concrete collection's, checks nothing.
    /// </summary>
    /// <param name="stored">The object, with its concrete and declared types.</param>
    /// <param name="allowed">Whether <c>StorableTypes.Allow</c> was called with a type; asked of the type and its base classes.</param>
    public StoredVerdict Judge(StoredObject stored, Func<ITypeSymbol, bool> allowed)
    {
        if (stored.InGraph && !IsCheckedInGraph(stored.Declared))
        {
            return !DeclaresOwnPolymorphism(stored.Declared) || Lists(stored.Declared, stored.Concrete) || FallsBackOnUnknownTypes(stored.Declared)
                ? StoredVerdict.Creatable
                : StoredVerdict.NotListed;
        }

        return IsCreatable(stored.Concrete, stored.Declared, allowed) ? StoredVerdict.Creatable : StoredVerdict.NotStorable;
    }

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

        if (IsPrimitive(type) || type.TypeKind == TypeKind.Enum
            || type.SpecialType is SpecialType.System_String or SpecialType.System_Decimal or SpecialType.System_DateTime or SpecialType.System_Object)
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
        || IsUnmanaged(type, depth: 0);

    /// <summary>What reflection calls a primitive: the numeric types, <c>bool</c>, <c>char</c>, <c>nint</c> and <c>nuint</c>.</summary>
    private static bool IsPrimitive(ITypeSymbol type) =>
        type.SpecialType is SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_SByte or SpecialType.System_Byte
            or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
            or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_IntPtr or SpecialType.System_UIntPtr
            or SpecialType.System_Single or SpecialType.System_Double;

    /// <summary>
    /// The runtime's <c>UnmanagedTypes.IsUnmanaged</c>, stricter than the language's <c>unmanaged</c>:
    /// primitives, enums, and structs with at least one instance field, all of such types (no
    /// pointers; a fixed buffer is a struct of its element type); not <c>Nullable&lt;T&gt;</c>.
    /// </summary>
    private static bool IsUnmanaged(ITypeSymbol type, int depth)
    {
        if (IsPrimitive(type) || type.TypeKind == TypeKind.Enum)
        {
            return true;
        }

        if (type is not INamedTypeSymbol { IsValueType: true, IsRefLikeType: false } named || depth > MaxDepth || NullableUnderlying(type) is not null)
        {
            return false;
        }

        bool anyField = false;
        foreach (ISymbol member in named.GetMembers())
        {
            if (member is not IFieldSymbol { IsStatic: false } field)
            {
                continue;
            }

            anyField = true;
            ITypeSymbol fieldType = field.IsFixedSizeBuffer && field.Type is IPointerTypeSymbol buffer ? buffer.PointedAtType : field.Type;
            if (!IsUnmanaged(fieldType, depth + 1))
            {
                return false;
            }
        }

        return anyField;
    }

    /// <summary>Whether <paramref name="declared"/>, or a base class of <paramref name="concrete"/> below it, lists <paramref name="concrete"/> with <c>[JsonDerivedType]</c>.</summary>
    private bool IsListedOn(ITypeSymbol concrete, ITypeSymbol declared)
    {
        if (Lists(declared, concrete))
        {
            return true;
        }

        for (ITypeSymbol? t = concrete.BaseType; t is not null && t.SpecialType != SpecialType.System_Object && !SymbolEqualityComparer.Default.Equals(t, declared); t = t.BaseType)
        {
            if (Lists(t, concrete))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="type"/> itself lists <paramref name="derived"/> with <c>[JsonDerivedType]</c>.</summary>
    private bool Lists(ITypeSymbol type, ITypeSymbol derived)
    {
        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, JsonDerivedTypeAttribute)
                && attribute.ConstructorArguments.Length > 0
                && attribute.ConstructorArguments[0].Value is ITypeSymbol listed
                && SymbolEqualityComparer.Default.Equals(listed, derived))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a member or element declared as <paramref name="declared"/> is written through the
    /// reference-aware converter, which checks its value as the get would (the runtime's
    /// <c>JsonGraph.Intercepts</c>): a class or interface that may hold another type, that names no
    /// converter and declares no polymorphism of its own, and is not a concrete collection (whose
    /// elements are checked instead). Arrays are sealed, but their elements are each checked where
    /// they are declared, so an array that is not plain data is refused all the same.
    /// </summary>
    private bool IsCheckedInGraph(ITypeSymbol declared)
    {
        if (declared is IArrayTypeSymbol)
        {
            return true;
        }

        if (declared.IsValueType || declared.IsSealed || (declared is INamedTypeSymbol named && MetadataName(named) == "System.Uri") || DeclaresOwnPolymorphism(declared))
        {
            return false;
        }

        for (ITypeSymbol? t = declared; t is not null; t = t.BaseType)
        {
            if (HasAttributeDerivedFrom(t, _jsonConverterAttribute))
            {
                return false;
            }
        }

        bool open = declared.TypeKind == TypeKind.Interface || declared.IsAbstract || declared.SpecialType == SpecialType.System_Object;
        return open || !declared.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable);
    }

    /// <summary>Whether <paramref name="declared"/> itself carries <c>[JsonPolymorphic]</c> or <c>[JsonDerivedType]</c>, so System.Text.Json writes what it holds.</summary>
    private bool DeclaresOwnPolymorphism(ITypeSymbol declared) =>
        ProxyStoreSymbols.FindAttribute(declared, _jsonPolymorphicAttribute) is not null
        || ProxyStoreSymbols.FindAttribute(declared, JsonDerivedTypeAttribute) is not null;

    /// <summary>Whether <paramref name="declared"/>'s <c>[JsonPolymorphic]</c> writes a type it does not list as a type it lists, rather than refusing it.</summary>
    private bool FallsBackOnUnknownTypes(ITypeSymbol declared)
    {
        if (ProxyStoreSymbols.FindAttribute(declared, _jsonPolymorphicAttribute) is not { } polymorphic)
        {
            return false;
        }

        foreach (KeyValuePair<string, TypedConstant> argument in polymorphic.NamedArguments)
        {
            if (argument.Key == "UnknownDerivedTypeHandling")
            {
                return argument.Value.Value is int handling && handling != FailSerialization;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="symbol"/> carries an attribute of class <paramref name="attributeClass"/> or one derived from it.</summary>
    private static bool HasAttributeDerivedFrom(ISymbol symbol, INamedTypeSymbol? attributeClass)
    {
        if (attributeClass is null)
        {
            return false;
        }

        foreach (AttributeData attribute in symbol.GetAttributes())
        {
            for (INamedTypeSymbol? t = attribute.AttributeClass; t is not null; t = t.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(t, attributeClass))
                {
                    return true;
                }
            }
        }

        return false;
    }
}

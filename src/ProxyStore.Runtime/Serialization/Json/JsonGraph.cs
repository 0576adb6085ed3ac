using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ProxyStore.Serialization.Json;

/// <summary>
/// The System.Text.Json set-up of one <see cref="DefaultSerializer"/>: the user's options
/// with public fields included, non-public setters used, every open position of a graph
/// written through the <see cref="ReferenceAwareConverter{T}"/>, and arrays of unmanaged values
/// taken out of the JSON by the <see cref="OutOfBandArrayConverter{TValue}"/>.
/// </summary>
/// <remarks>
/// Two option sets work together. <see cref="Main"/> intercepts open types; an object whose
/// type is exactly the declared one is then written through <see cref="Exact"/>, which does
/// not intercept its type (that would recurse) but hands each of its members back to
/// <see cref="Main"/>, so a proxy or subtype anywhere below is still seen.
/// </remarks>
[RequiresUnreferencedCode("Reflection-based JSON; use DefaultSerializer(JsonSerializerContext) in trimmed and NativeAOT applications.")]
[RequiresDynamicCode("Reflection-based JSON; use DefaultSerializer(JsonSerializerContext) in trimmed and NativeAOT applications.")]
internal sealed class JsonGraph
{
    private readonly ConcurrentDictionary<Type, JsonTypeInfo> _exact = new();
    private readonly ConcurrentDictionary<Type, bool> _intercepts = new();
    private readonly ConcurrentDictionary<Type, Type?> _storedTypes = new();
    private readonly JsonConverter[] _userConverters;

    public JsonGraph(JsonSerializerOptions options)
    {
        _userConverters = [.. options.Converters];
        IJsonTypeInfoResolver resolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(UseNonPublicSetters).WithAddedModifier(RefuseUnsealedDerivedTypes);
        Main = new JsonSerializerOptions(options) { IncludeFields = true, TypeInfoResolver = resolver };
        Main.Converters.Insert(0, new ReferenceAwareConverterFactory(this));

        // After the user's converters, which keep the last word on the types they name.
        Main.Converters.Add(new OutOfBandArrayConverterFactory());
        Exact = new JsonSerializerOptions(options) { IncludeFields = true, TypeInfoResolver = resolver.WithAddedModifier(DelegateMembersToMain) };
        Exact.Converters.Add(new OutOfBandArrayConverterFactory());
        Main.MakeReadOnly();
        Exact.MakeReadOnly();
        Contract = new RoundTripContract(this);
    }

    /// <summary>The options every graph is written with.</summary>
    public JsonSerializerOptions Main { get; }

    /// <summary>The options an object of exactly its declared type is written with.</summary>
    public JsonSerializerOptions Exact { get; }

    /// <summary>Which types keep every member through a round trip.</summary>
    public RoundTripContract Contract { get; }

    /// <summary>
    /// Whether values declared as <paramref name="type"/> go through the reference-aware
    /// converter: open types, unless the user's options or the type itself name a converter
    /// for it, or the type declares its own polymorphism, which then have the last word.
    /// </summary>
    public bool Intercepts(Type type) => _intercepts.GetOrAdd(type, static (t, graph) =>
        TypeShape.IsIntercepted(t)
        && t.GetCustomAttribute<JsonConverterAttribute>() is null

        // A type that declares its own polymorphism ([JsonPolymorphic], [JsonDerivedType]) has
        // System.Text.Json write the concrete type itself, with its discriminator.
        && !t.IsDefined(typeof(JsonPolymorphicAttribute), inherit: false)
        && !t.IsDefined(typeof(JsonDerivedTypeAttribute), inherit: false)
        && !graph._userConverters.Any(c => c.CanConvert(t)), this);

    /// <summary>
    /// The type a value of runtime type <paramref name="type"/> is read back as: the type
    /// itself, or for a collection that cannot be created from JSON, the
    /// <see cref="CollectionStandIn"/> with the same elements (<see langword="null"/> when there is none).
    /// </summary>
    public Type? StoredTypeOf(Type type) => _storedTypes.GetOrAdd(type, static (t, graph) =>
    {
        try
        {
            return CollectionStandIn.For(t, graph.Main.GetTypeInfo(t));
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or ArgumentException)
        {
            return t; // The contract says what is wrong with it.
        }
    }, this);

    /// <summary>The contract that writes a value of exactly <paramref name="type"/> without intercepting it again.</summary>
    public JsonTypeInfo ExactTypeInfo(Type type) =>
        _exact.GetOrAdd(type, static (t, graph) => graph.Intercepts(t) ? graph.Exact.GetTypeInfo(t) : graph.Main.GetTypeInfo(t), this);

    /// <summary>
    /// A property with a public getter and a non-public setter (<c>{ get; private set; }</c>) is
    /// state that System.Text.Json would skip on the way back; its setter is used instead.
    /// </summary>
    private static void UseNonPublicSetters(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (JsonPropertyInfo property in typeInfo.Properties)
        {
            if (property.Set is null && property.AttributeProvider is PropertyInfo { SetMethod: { IsPublic: false } setter } clr
                && !clr.GetIndexParameters().Any())
            {
                property.Set = (target, value) => setter.Invoke(target, [value]);
            }
        }
    }

    /// <summary>
    /// A type's own polymorphism ([JsonDerivedType]) hands each listed type to System.Text.Json's
    /// object converter, and ProxyStore keeps the concrete type of values declared as an unsealed
    /// class with a converter of its own; the two cannot meet in one listed type, so such a list
    /// is refused with what to do instead, rather than failing inside System.Text.Json.
    /// </summary>
    private void RefuseUnsealedDerivedTypes(JsonTypeInfo typeInfo)
    {
        if (typeInfo.PolymorphismOptions is not { } polymorphism)
        {
            return;
        }

        foreach (JsonDerivedType derived in polymorphism.DerivedTypes)
        {
            if (derived.DerivedType != typeInfo.Type && Intercepts(derived.DerivedType))
            {
                throw new NotSupportedException(
                    $"{typeInfo.Type.FullName} lists {derived.DerivedType.FullName} with [JsonDerivedType], and {derived.DerivedType.Name} is not sealed: " +
                    $"ProxyStore keeps the concrete type of values declared as an unsealed class itself, and System.Text.Json's polymorphism cannot be combined " +
                    $"with that. Seal {derived.DerivedType.Name}, or remove [JsonPolymorphic] and [JsonDerivedType] from {typeInfo.Type.Name} and mark the derived types " +
                    "[ProxyStore.Storable] instead: ProxyStore then writes each value's concrete type itself.");
            }
        }
    }

    private void DelegateMembersToMain(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (JsonPropertyInfo property in typeInfo.Properties)
        {
            if (property.CustomConverter is null && !property.IsExtensionData && !TypeShape.IsLeaf(property.PropertyType))
            {
                property.CustomConverter = (JsonConverter)Activator.CreateInstance(typeof(DelegatingConverter<>).MakeGenericType(property.PropertyType), this)!;
            }
        }
    }
}

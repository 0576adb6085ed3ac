using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ProxyStore.Serialization.Json;

/// <summary>
/// The type a collection is read back as when its own type cannot be created from JSON: a
/// <see cref="List{T}"/>, <see cref="HashSet{T}"/> or <see cref="Dictionary{TKey, TValue}"/>
/// with the same elements. Collection expressions typed as interfaces, LINQ results and
/// compiler-made read-only wrappers are such collections: their elements are their state.
/// </summary>
[RequiresUnreferencedCode("Reflection-based JSON; use DefaultSerializer(JsonSerializerContext) in trimmed and NativeAOT applications.")]
[RequiresDynamicCode("Reflection-based JSON; use DefaultSerializer(JsonSerializerContext) in trimmed and NativeAOT applications.")]
internal static class CollectionStandIn
{
    /// <summary>
    /// <paramref name="type"/> itself when values of it can be read back as they are, else the
    /// stand-in that holds the same elements, or <see langword="null"/> when there is none.
    /// </summary>
    public static Type? For(Type type, JsonTypeInfo info)
    {
        if (info.Kind is not (JsonTypeInfoKind.Enumerable or JsonTypeInfoKind.Dictionary) || CanCreate(info))
        {
            return type;
        }

        if (info.Kind == JsonTypeInfoKind.Dictionary)
        {
            return typeof(Dictionary<,>).MakeGenericType(info.KeyType!, info.ElementType!);
        }

        Type element = info.ElementType!;
        bool isSet = type.GetInterfaces().Any(i => i.IsGenericType
            && (i.GetGenericTypeDefinition() == typeof(ISet<>) || i.GetGenericTypeDefinition() == typeof(IReadOnlySet<>)));
        return (isSet ? typeof(HashSet<>) : typeof(List<>)).MakeGenericType(element);
    }

    /// <summary>Whether System.Text.Json can create the collection: asked once with an empty one.</summary>
    private static bool CanCreate(JsonTypeInfo info)
    {
        try
        {
            JsonSerializer.Deserialize(info.Kind == JsonTypeInfoKind.Dictionary ? "{}"u8 : "[]"u8, info);
            return true;
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or JsonException)
        {
            return false;
        }
    }
}

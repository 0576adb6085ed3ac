using System.Collections;

namespace ProxyStore.Serialization.Json;

/// <summary>How the serializer treats a declared type in an object graph.</summary>
internal static class TypeShape
{
    /// <summary>
    /// Whether values of <paramref name="type"/> are written as they are: they hold no
    /// members, so no proxy, subtype or lost member can hide in them.
    /// </summary>
    public static bool IsLeaf(Type type)
    {
        Type t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateTime)
            || t == typeof(DateTimeOffset) || t == typeof(Guid) || t == typeof(TimeSpan) || t == typeof(DateOnly)
            || t == typeof(TimeOnly) || t == typeof(byte[]) || t == typeof(Uri) || t == typeof(Version) || t == typeof(Half)
            || t == typeof(Int128) || t == typeof(UInt128) || t == typeof(char);
    }

    /// <summary>
    /// Whether a value declared as <paramref name="type"/> may be of another runtime type:
    /// a proxy or a subtype. Such positions are written with their concrete type.
    /// </summary>
    public static bool IsOpen(Type type) => !type.IsValueType && !type.IsSealed && !IsLeaf(type) && !type.IsPointer;

    /// <summary>
    /// Whether an open type is written through the reference-aware converter itself. Concrete
    /// collections are not: their elements are written through it instead, and intercepting
    /// the collection would hide its elements from it.
    /// </summary>
    public static bool IsIntercepted(Type type) =>
        IsOpen(type) && (type.IsInterface || type.IsAbstract || type == typeof(object) || !typeof(IEnumerable).IsAssignableFrom(type));
}

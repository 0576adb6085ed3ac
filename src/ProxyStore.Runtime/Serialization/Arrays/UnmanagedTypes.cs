using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace ProxyStore.Serialization.Arrays;

/// <summary>Which element types are stored as their raw bytes: unmanaged types, those with no references inside.</summary>
internal static class UnmanagedTypes
{
    private static readonly ConcurrentDictionary<Type, bool> Known = new();

    /// <summary>
    /// Whether values of <paramref name="type"/> are plain bytes: primitives, enums, and structs
    /// whose fields are all such types (<see cref="decimal"/>, <see cref="Guid"/>,
    /// <see cref="System.Numerics.Complex"/>, a user's <c>struct Point { double X, Y; }</c>).
    /// </summary>
    /// <remarks>
    /// Pointer fields are refused (an address means nothing in another process), and so is a
    /// struct whose fields reflection cannot list (trimmed away): its arrays go through JSON as
    /// any other object.
    /// </remarks>
    public static bool IsUnmanaged(Type type) => type.IsPrimitive || type.IsEnum || Known.GetOrAdd(type, static t => Check(t, depth: 0));

    /// <summary>The size in bytes of one element of the unmanaged <paramref name="type"/>.</summary>
    public static int SizeOf(Type type) => RuntimeHelpers.SizeOf(type.TypeHandle);

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "A struct whose fields were trimmed away lists none and is refused; the fields of a struct kept whole are all listed.")]
    private static bool Check(Type type, int depth)
    {
        if (type.IsPrimitive || type.IsEnum)
        {
            return true;
        }

        if (!type.IsValueType || type.IsPointer || type.IsByRefLike || type.ContainsGenericParameters || depth > 16
            || Nullable.GetUnderlyingType(type) is not null)
        {
            return false;
        }

        FieldInfo[] fields = type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        return fields.Length > 0 && fields.All(f => !f.FieldType.IsPointer && !f.FieldType.IsFunctionPointer && Check(f.FieldType, depth + 1));
    }
}

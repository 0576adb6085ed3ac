using System.Collections.Concurrent;

namespace ProxyStore;

/// <summary>
/// The concrete types this application declared storable without an attribute: types of other
/// libraries it stores behind an interface, a base class or <see cref="object"/>. See
/// <see cref="StorableAttribute"/> for what the default serializer creates from stored bytes.
/// </summary>
/// <remarks>Process-wide and thread-safe. A type cannot be taken back: a store may hold objects of it.</remarks>
public static class StorableTypes
{
    private static readonly ConcurrentDictionary<Type, bool> Allowed = new();

    /// <summary>Declares <paramref name="type"/> (a class or struct, and the types derived from it) storable.</summary>
    /// <exception cref="ArgumentException"><paramref name="type"/> is an interface, abstract, open generic or a pointer.</exception>
    public static void Allow(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.IsInterface || type.IsAbstract || type.ContainsGenericParameters || type.IsPointer || type.IsByRef)
        {
            throw new ArgumentException($"{type.FullName} is not a concrete type: only the types objects are created as are declared storable.", nameof(type));
        }

        Allowed[type] = true;
    }

    /// <summary>Declares <typeparamref name="T"/> storable.</summary>
    public static void Allow<T>() => Allow(typeof(T));

    /// <summary>Whether <paramref name="type"/>, or a type it derives from, was declared storable with <see cref="Allow(Type)"/>.</summary>
    public static bool IsAllowed(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        for (Type? t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            if (Allowed.ContainsKey(t))
            {
                return true;
            }
        }

        return false;
    }
}

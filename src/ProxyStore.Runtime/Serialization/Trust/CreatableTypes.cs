using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Reflection;
using System.Text.Json.Serialization;

namespace ProxyStore.Serialization;

/// <summary>
/// Which concrete types stored bytes may make the default serializer create where another type
/// was declared (asked for, or a member's type): the trust boundary between stored bytes, which
/// anyone who can write the medium can forge, and the application's types.
/// </summary>
/// <remarks>
/// Allowed: the declared type itself; plain data (primitives, strings, enums, decimal, dates,
/// GUIDs, big integers, URIs), and arrays, tuples and the standard collections of allowed types;
/// types marked <see cref="StorableAttribute"/> (or derived from one), allowed with
/// <see cref="StorableTypes.Allow(Type)"/>, listed by <see cref="JsonDerivedTypeAttribute"/> on the
/// declared type, or implementing a <see cref="ProxiableAttribute"/> interface or deriving from a
/// <see cref="ProxiableAttribute"/> class. Everything else (a timer, a stream, a socket, an HTTP
/// client, a type whose constructor does things) is refused before anything is created.
/// </remarks>
internal static class CreatableTypes
{
    private static readonly ConcurrentDictionary<Type, bool> PlainData = new();

    // Generic types whose instances hold only their type arguments' values.
    private static readonly HashSet<Type> PlainContainers =
    [
        typeof(List<>), typeof(Dictionary<,>), typeof(HashSet<>), typeof(SortedDictionary<,>), typeof(SortedList<,>),
        typeof(SortedSet<>), typeof(Queue<>), typeof(Stack<>), typeof(LinkedList<>), typeof(KeyValuePair<,>),
        typeof(Nullable<>), typeof(ReadOnlyMemory<>), typeof(Memory<>), typeof(ArraySegment<>),
        typeof(ReadOnlyCollection<>), typeof(ReadOnlyDictionary<,>), typeof(ImmutableArray<>), typeof(ImmutableList<>),
        typeof(ImmutableDictionary<,>), typeof(ImmutableHashSet<>), typeof(ImmutableSortedDictionary<,>), typeof(ImmutableSortedSet<>),
        typeof(ImmutableQueue<>), typeof(ImmutableStack<>), typeof(ConcurrentDictionary<,>), typeof(ConcurrentQueue<>),
        typeof(ConcurrentStack<>), typeof(ConcurrentBag<>),
        typeof(Tuple<>), typeof(Tuple<,>), typeof(Tuple<,,>), typeof(Tuple<,,,>), typeof(Tuple<,,,,>), typeof(Tuple<,,,,,>), typeof(Tuple<,,,,,,>), typeof(Tuple<,,,,,,,>),
        typeof(ValueTuple<>), typeof(ValueTuple<,>), typeof(ValueTuple<,,>), typeof(ValueTuple<,,,>), typeof(ValueTuple<,,,,>), typeof(ValueTuple<,,,,,>), typeof(ValueTuple<,,,,,,>), typeof(ValueTuple<,,,,,,,>),
    ];

    /// <summary>
    /// Throws when stored bytes may not create a <paramref name="concrete"/> where
    /// <paramref name="declared"/> was declared: the message names the type and how to allow it.
    /// </summary>
    /// <param name="concrete">The type the bytes name.</param>
    /// <param name="declared">The type asked for, or the declared type of the member.</param>
    /// <param name="what">What holds it, for the message ("The stored object", "A stored member").</param>
    /// <exception cref="StoreSerializationException">The type is not allowed; nothing was created.</exception>
    public static void Check(Type concrete, Type declared, string what)
    {
        if (!IsCreatable(concrete, declared))
        {
            throw new StoreSerializationException(
                $"{what} is a {concrete.FullName} where a {declared.FullName} was declared, and this application has not declared {concrete.Name} storable, " +
                $"so it was not created: bytes written by someone else could name any type. If {concrete.Name} is yours to store, mark it [ProxyStore.Storable] " +
                $"(or [JsonDerivedType(typeof({concrete.Name}))] on {declared.Name}), or call StorableTypes.Allow(typeof({concrete.Name})).");
        }
    }

    /// <summary>Whether stored bytes may create a <paramref name="concrete"/> where <paramref name="declared"/> was declared.</summary>
    public static bool IsCreatable(Type concrete, Type declared)
    {
        Type target = Nullable.GetUnderlyingType(declared) ?? declared;
        return concrete == target || IsPlain(concrete) || IsDeclaredStorable(concrete) || IsListedOn(concrete, target);
    }

    /// <summary>Whether <paramref name="type"/> is plain data: values, and containers of allowed types.</summary>
    public static bool IsPlain(Type type) => PlainData.GetOrAdd(type, static t => ComputePlain(t, depth: 0));

    private static bool ComputePlain(Type type, int depth)
    {
        if (depth > 16)
        {
            return false;
        }

        if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTime)
            || type == typeof(DateTimeOffset) || type == typeof(TimeSpan) || type == typeof(DateOnly) || type == typeof(TimeOnly)
            || type == typeof(Guid) || type == typeof(Half) || type == typeof(Int128) || type == typeof(UInt128)
            || type == typeof(BigInteger) || type == typeof(Complex) || type == typeof(Uri) || type == typeof(Version)
            || type == typeof(object))
        {
            return true;
        }

        if (type.IsArray)
        {
            return ElementAllowed(type.GetElementType()!, depth);
        }

        return type.IsConstructedGenericType && PlainContainers.Contains(type.GetGenericTypeDefinition())
            && type.GenericTypeArguments.All(a => ElementAllowed(a, depth));
    }

    // A type argument or element type: what a container of it creates, declared as itself. An
    // interface or abstract type creates nothing itself: what its elements are is checked where
    // each one is read. A struct of unmanaged fields in an array is read as raw bytes, no code run.
    private static bool ElementAllowed(Type type, int depth) =>
        ComputePlain(type, depth + 1) || IsDeclaredStorable(type) || type.IsInterface || type.IsAbstract
        || (type.IsValueType && Arrays.UnmanagedTypes.IsUnmanaged(type));

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Interfaces a type implements are kept with the type; one trimmed away cannot be a reason to allow it.")]
    private static bool IsDeclaredStorable(Type type)
    {
        if (type.IsDefined(typeof(StorableAttribute), inherit: true) || StorableTypes.IsAllowed(type))
        {
            return true;
        }

        for (Type? t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            if (t.IsDefined(typeof(ProxiableAttribute), inherit: false))
            {
                return true;
            }
        }

        return type.GetInterfaces().Any(i => i.IsDefined(typeof(ProxiableAttribute), inherit: false));
    }

    /// <summary>
    /// Whether stored bytes may make a proxy of <paramref name="proxied"/> (where
    /// <paramref name="declared"/> was declared): an interface, a <see cref="ProxiableAttribute"/>
    /// class, or the declared type itself. A proxy of any other class would run its constructor.
    /// </summary>
    /// <exception cref="StoreSerializationException">It may not; nothing was created.</exception>
    public static void CheckProxied(Type proxied, Type declared)
    {
        Type target = Nullable.GetUnderlyingType(declared) ?? declared;
        if (!proxied.IsInterface && proxied != target && !proxied.IsDefined(typeof(ProxiableAttribute), inherit: false))
        {
            throw new StoreSerializationException(
                $"A stored proxy is of {proxied.FullName}, a class that is not [Proxiable], where a {target.FullName} was declared: " +
                "proxies are made from stored bytes only of interfaces and [Proxiable] classes, so none was made.");
        }
    }

    /// <summary>Whether <paramref name="declared"/>, or a type between it and <paramref name="concrete"/>, lists <paramref name="concrete"/> as a derived type.</summary>
    private static bool IsListedOn(Type concrete, Type declared)
    {
        foreach (JsonDerivedTypeAttribute listed in declared.GetCustomAttributes<JsonDerivedTypeAttribute>(inherit: false))
        {
            if (listed.DerivedType == concrete)
            {
                return true;
            }
        }

        for (Type? t = concrete.BaseType; t is not null && t != typeof(object) && t != declared; t = t.BaseType)
        {
            if (t.GetCustomAttributes<JsonDerivedTypeAttribute>(inherit: false).Any(a => a.DerivedType == concrete))
            {
                return true;
            }
        }

        return false;
    }
}

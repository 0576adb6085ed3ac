using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;

namespace ProxyStore;

/// <summary>
/// Constructors of compile-time proxies, by proxied type. Code emitted by the ProxyStore
/// source generator registers here from a module initializer, so <c>Store.Proxy&lt;T&gt;</c>
/// finds generated proxies without reflection.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedProxies
{
    private static readonly ConcurrentDictionary<Type, Type> OpenGenericProxies = new();
    private static readonly ConcurrentDictionary<Type, bool> Registered = new();

    /// <summary>Registers the constructor of the generated proxy of <typeparamref name="T"/>.</summary>
    /// <param name="create">Makes a proxy from its factory and, when known already, its target.</param>
    /// <remarks>
    /// A class with a public member the proxy cannot override (analyzer PXS0004, an error unless
    /// silenced) is registered as refused: making its proxy throws <see cref="NonProxiableTypeException"/>
    /// rather than return a proxy whose such members give the unresolved proxy's own state.
    /// </remarks>
    public static void Register<[DynamicallyAccessedMembers(ForwardableMembers.Inspected)] T>(Func<ProxyFactory<T>, T?, T> create)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(create);
        Slot<T>.Refusal = typeof(T).IsInterface ? null : Refusal(ForwardableMembers.NonVirtual(typeof(T)));
        Volatile.Write(ref Slot<T>.Create, create);
        Registered[typeof(T)] = true;
    }

    /// <summary>
    /// Registers a generated proxy of an open generic type, such as <c>RepositoryProxy&lt;T&gt;</c>
    /// for <c>IRepository&lt;T&gt;</c>. Closed types are constructed on first use.
    /// </summary>
    /// <param name="openType">The open generic proxied type.</param>
    /// <param name="openProxyType">The open generic proxy type, with a constructor taking the factory and the target.</param>
    public static void RegisterGeneric(Type openType, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] Type openProxyType)
    {
        ArgumentNullException.ThrowIfNull(openType);
        ArgumentNullException.ThrowIfNull(openProxyType);
        if (!openType.IsGenericTypeDefinition || !openProxyType.IsGenericTypeDefinition
            || openType.GetGenericArguments().Length != openProxyType.GetGenericArguments().Length)
        {
            throw new ArgumentException($"{openProxyType} and {openType} must be open generic types with the same type parameters.", nameof(openProxyType));
        }

        OpenGenericProxies[openType] = openProxyType;
    }

    /// <summary>Whether a generated proxy is registered for <paramref name="type"/>.</summary>
    public static bool IsRegistered(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Registered.ContainsKey(type) || (type.IsConstructedGenericType && OpenGenericProxies.ContainsKey(type.GetGenericTypeDefinition()));
    }

    internal static bool TryCreate<T>(ProxyFactory<T> factory, T? target, out T proxy)
        where T : class
    {
        Func<ProxyFactory<T>, T?, T>? create = Volatile.Read(ref Slot<T>.Create) ?? FromOpenGeneric<T>();
        if (create is not null && Slot<T>.Refusal is { } refusal)
        {
            throw new NonProxiableTypeException(typeof(T), refusal);
        }

        proxy = create?.Invoke(factory, target)!;
        return create is not null;
    }

    /// <summary>Why the generated proxy of <typeparamref name="T"/> may not be made, or <see langword="null"/> when it may or there is none.</summary>
    internal static string? WhyRefused<T>()
        where T : class =>
        (Volatile.Read(ref Slot<T>.Create) ?? FromOpenGeneric<T>()) is null ? null : Slot<T>.Refusal;

    private static string? Refusal(IReadOnlyList<string> nonVirtual) =>
        nonVirtual.Count == 0
            ? null
            : $"it is [Proxiable], but its public members {string.Join(", ", nonVirtual)} are not virtual (analyzer PXS0004): its generated proxy " +
              "cannot forward them, so they would run on the unresolved proxy's own, empty state and return wrong values. Make them virtual.";

    private static Func<ProxyFactory<T>, T?, T>? FromOpenGeneric<T>()
        where T : class
    {
        Type type = typeof(T);
        if (!type.IsConstructedGenericType || !OpenGenericProxies.TryGetValue(type.GetGenericTypeDefinition(), out Type? openProxy))
        {
            return null;
        }

        // Closing the open proxy type needs code made at run time, which NativeAOT lacks (and
        // its compiler drops what follows); there only closed generated proxies are made.
        if (!System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported)
        {
            return null;
        }

        Slot<T>.Refusal = type.IsInterface ? null : Refusal(NonVirtualMembersOf(type));
        Type proxyType = openProxy.MakeGenericType(type.GetGenericArguments());
        ConstructorInfo constructor = proxyType.GetConstructor([typeof(ProxyFactory<T>), typeof(T)])
            ?? throw new InvalidOperationException($"The generated proxy {proxyType} has no constructor taking ({typeof(ProxyFactory<T>)}, {type}).");
        // Compiled once per closed type, so later proxies cost a delegate call, not reflection.
        ParameterExpression factory = Expression.Parameter(typeof(ProxyFactory<T>), "factory");
        ParameterExpression target = Expression.Parameter(typeof(T), "target");
        Func<ProxyFactory<T>, T?, T> create = Expression.Lambda<Func<ProxyFactory<T>, T?, T>>(
            Expression.Convert(Expression.New(constructor, factory, target), typeof(T)), factory, target).Compile();
        Volatile.Write(ref Slot<T>.Create, create);
        Registered[type] = true;
        return create;
    }

    // Only where dynamic code runs (FromOpenGeneric's guard), which keeps a type's metadata for reflection.
    [UnconditionalSuppressMessage("Trimming", "IL2067", Justification = "Closed generic proxies are made only where dynamic code runs; a member trimmed away is never called, so it needs no forwarding.")]
    private static IReadOnlyList<string> NonVirtualMembersOf(Type type) => ForwardableMembers.NonVirtual(type);

    private static class Slot<T>
        where T : class
    {
        public static Func<ProxyFactory<T>, T?, T>? Create;

        /// <summary>Why the registered proxy may not be made; written before <see cref="Create"/>, so whoever reads that reads this.</summary>
        public static string? Refusal;
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;
using Castle.DynamicProxy;

namespace ProxyStore;

/// <summary>
/// The runtime fallback for types without a generated proxy: Castle DynamicProxy proxies
/// of interfaces, and of non-sealed classes whose declared public members are all virtual.
/// </summary>
[RequiresUnreferencedCode(CastleProxies.CastleMessage)]
[RequiresDynamicCode(CastleProxies.CastleMessage)]
internal static class CastleProxies
{
    internal const string CastleMessage = "Castle DynamicProxy emits proxy types at run time by reflection; mark the type [Proxiable] for a generated proxy instead.";

    private static readonly ProxyGenerator Generator = new();
    private static readonly ProxyGenerationOptions InterfaceOptions = new(ForwardAllHook.Instance) { BaseTypeForInterfaceProxy = typeof(InterfaceProxyBase) };
    private static readonly ProxyGenerationOptions ClassOptions = new(ForwardAllHook.Instance);
    private static readonly ConcurrentDictionary<Type, string?> Refusals = new();

    public static T Create<T>(ProxyFactory<T> factory, T? target)
        where T : class
    {
        Type type = typeof(T);
        if (WhyNot(type) is { } reason)
        {
            throw new NonProxiableTypeException(type, reason);
        }

        var interceptor = new ProxyInterceptor<T>(new ProxyTarget<T>(factory, target));
        object proxy = Constructor<T>.Get()([interceptor], target);
        if (proxy is InterfaceProxyBase interfaceProxy)
        {
            interfaceProxy.Attach((IProxy)proxy);
        }

        return (T)proxy;
    }

    /// <summary>
    /// Compiles a call of the proxy type's constructor. Castle's own creation methods look the
    /// type up and build the instance by reflection on every call, which made a Castle proxy
    /// cost microseconds; the type is made once per proxied type, so its constructor is too.
    /// </summary>
    private static Func<IInterceptor[], T?, object> CompileConstructor<T>()
        where T : class
    {
        Type type = typeof(T);
        Type[] extra = [typeof(IProxy<T>)];
        Type proxyType;
        try
        {
            proxyType = type.IsInterface
                ? Generator.ProxyBuilder.CreateInterfaceProxyTypeWithTargetInterface(type, extra, InterfaceOptions)
                : Generator.ProxyBuilder.CreateClassProxyType(type, extra, ClassOptions);
        }
        catch (Exception e) when (e is DynamicProxyException or ArgumentException or TypeLoadException or InvalidOperationException)
        {
            throw new NonProxiableTypeException(type, $"Castle DynamicProxy cannot proxy it ({e.Message}).");
        }

        ParameterExpression interceptors = Expression.Parameter(typeof(IInterceptor[]), "interceptors");
        ParameterExpression target = Expression.Parameter(type, "target");
        Type[] shape = type.IsInterface ? [typeof(IInterceptor[]), type] : [typeof(IInterceptor[])];
        ConstructorInfo constructor = proxyType.GetConstructor(shape)
            ?? throw new NonProxiableTypeException(type, $"Castle DynamicProxy made {proxyType.Name} without the expected constructor ({string.Join(", ", shape.Select(t => t.Name))}).");
        Expression[] arguments = type.IsInterface ? [interceptors, target] : [interceptors];
        return Expression.Lambda<Func<IInterceptor[], T?, object>>(Expression.New(constructor, arguments), interceptors, target).Compile();
    }

    /// <summary>The compiled constructor of <typeparamref name="T"/>'s proxy type, made on first use (a failure is not cached, so it is reported each time).</summary>
    [RequiresUnreferencedCode(CastleMessage)]
    [RequiresDynamicCode(CastleMessage)]
    private static class Constructor<T>
        where T : class
    {
        private static Func<IInterceptor[], T?, object>? s_compiled;

        public static Func<IInterceptor[], T?, object> Get() => Volatile.Read(ref s_compiled) ?? Compile();

        private static Func<IInterceptor[], T?, object> Compile()
        {
            // Two threads may both compile on first use; either result is the same constructor.
            Func<IInterceptor[], T?, object> compiled = CompileConstructor<T>();
            return Interlocked.CompareExchange(ref s_compiled, compiled, null) ?? compiled;
        }
    }

    /// <summary>Why Castle cannot forward every member of <paramref name="type"/>, or <see langword="null"/> if it can.</summary>
    public static string? WhyNot(Type type) => Refusals.GetOrAdd(type, static t => Inspect(t));

    private static string? Inspect(Type type)
    {
        if (type.ContainsGenericParameters)
        {
            return "it is an open generic type.";
        }

        if (!ProxyUtil.IsAccessible(type))
        {
            return "it is not public, so Castle DynamicProxy cannot implement it (mark it [Proxiable] for a generated proxy, " +
                   "or add [assembly: InternalsVisibleTo(\"DynamicProxyGenAssembly2\")]).";
        }

        if (type.IsInterface)
        {
            return null;
        }

        if (type.IsValueType)
        {
            return "it is a struct, and a proxy must be a reference to an object.";
        }

        if (type.IsSealed)
        {
            return "it is a sealed class, so no proxy class can derive from it.";
        }

        if (type.GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes) is not { } constructor
            || constructor.IsPrivate || constructor.IsAssembly || constructor.IsFamilyAndAssembly)
        {
            return "it has no public or protected parameterless constructor for the proxy class to call.";
        }

        IReadOnlyList<string> blocked = ForwardableMembers.NonVirtual(type);
        return blocked.Count == 0
            ? null
            : $"its public members {string.Join(", ", blocked)} are not virtual, so a proxy could not forward them.";
    }

    /// <summary>
    /// Intercepts everything a proxy can override, the members of <see cref="object"/>
    /// included, and refuses a type whose public members cannot be overridden instead of
    /// leaving them silently unforwarded.
    /// </summary>
    private sealed class ForwardAllHook : IProxyGenerationHook
    {
        public static readonly ForwardAllHook Instance = new();

        public void MethodsInspected()
        {
        }

        public void NonProxyableMemberNotification(Type type, MemberInfo memberInfo)
        {
            if (memberInfo.DeclaringType != typeof(object) && memberInfo is MethodInfo { IsPublic: true, IsStatic: false })
            {
                throw new NonProxiableTypeException(type, $"its public member {memberInfo.Name} is not virtual, so a proxy could not forward it.");
            }
        }

        public bool ShouldInterceptMethod(Type type, MethodInfo methodInfo) =>
            !(methodInfo.DeclaringType == typeof(object) && methodInfo.Name == nameof(Finalize));

        public override bool Equals(object? obj) => obj is ForwardAllHook;

        public override int GetHashCode() => typeof(ForwardAllHook).GetHashCode();
    }
}

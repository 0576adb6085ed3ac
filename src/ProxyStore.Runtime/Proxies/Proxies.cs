namespace ProxyStore;

/// <summary>Helpers that work on any proxy, generated or runtime-made.</summary>
/// <remarks>
/// Which members of a proxy resolve it: every member of the proxied type, and
/// <see cref="object.ToString"/>, <see cref="object.Equals(object)"/> and
/// <see cref="object.GetHashCode"/>, which forward to the target (Equals unwraps a proxy
/// passed to it). <see cref="object.GetType"/> cannot be forwarded: it returns the proxy's
/// own type without resolving. The members of <see cref="IProxy"/> only resolve through
/// <see cref="IProxy.Target"/> and <see cref="IProxy.ResolveAsync"/>.
/// </remarks>
public static class Proxies
{
    /// <summary>Whether <paramref name="value"/> is a proxy.</summary>
    public static bool IsProxy(object? value) => value is IProxy;

    /// <summary>Whether <paramref name="proxy"/> already holds its target.</summary>
    /// <exception cref="ArgumentException"><paramref name="proxy"/> is not a proxy.</exception>
    public static bool IsResolved(object proxy) => AsProxy(proxy).IsResolved;

    /// <summary>Resolves <paramref name="proxy"/> now, if it is not resolved already.</summary>
    /// <exception cref="ProxyResolveException">The target cannot be resolved.</exception>
    public static void Resolve(object proxy) => _ = AsProxy(proxy).Target;

    /// <summary>
    /// Resolves <paramref name="proxy"/> without blocking a thread, if it is not resolved
    /// already: when the task completes, <see cref="IsResolved"/> is true. Concurrent
    /// resolutions, synchronous or not, fetch the object once and record one
    /// <c>factory.call</c>.
    /// </summary>
    /// <param name="proxy">The proxy.</param>
    /// <param name="cancellationToken">Stops the wait; a cancelled resolution leaves the proxy unresolved, and a later use resolves it.</param>
    /// <exception cref="ProxyResolveException">The target cannot be resolved (the task faults with it).</exception>
    public static Task ResolveAsync(object proxy, CancellationToken cancellationToken = default) =>
        AsProxy(proxy).ResolveAsync(cancellationToken).AsTask();

    /// <summary>The target of <paramref name="proxy"/>, resolving it if needed; a value that is not a proxy is returned as it is.</summary>
    public static T Extract<T>(T proxy)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(proxy);
        return proxy is IProxy p ? (T)p.Target : proxy;
    }

    /// <summary>The factory of <paramref name="proxy"/>.</summary>
    public static IProxyFactory GetFactory(object proxy) => AsProxy(proxy).Factory;

    /// <summary>The store key of <paramref name="proxy"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="proxy"/> is not a proxy of a store.</exception>
    public static StoreKey GetKey(object proxy) =>
        TryGetKey(proxy) ?? throw new ArgumentException($"The proxy's factory {AsProxy(proxy).Factory.GetType().Name} is not a store factory and has no key.", nameof(proxy));

    /// <summary>The store key of <paramref name="value"/> if it is a proxy of a store, else <see langword="null"/>.</summary>
    public static StoreKey? TryGetKey(object? value) => (value as IProxy)?.Factory is IStoreFactory factory ? factory.Key : null;

    /// <summary>Compares a resolved target with <paramref name="other"/>, unwrapping <paramref name="other"/> if it is a proxy.</summary>
    internal static bool TargetEquals(object target, object? other) => target.Equals(other is IProxy p ? p.Target : other);

    private static IProxy AsProxy(object proxy)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        return proxy as IProxy ?? throw new ArgumentException($"A {proxy.GetType().FullName} is not a proxy.", nameof(proxy));
    }
}

namespace ProxyStore;

/// <summary>
/// Picks the proxy for a type: a generated proxy registered for it, else a Castle
/// DynamicProxy, else a <see cref="NonProxiableTypeException"/> saying why.
/// </summary>
internal static class ProxyBuilder
{
    public static T Create<T>(ProxyFactory<T> factory, T? target = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        return GeneratedProxies.TryCreate(factory, target, out T proxy) ? proxy : CastleProxies.Create(factory, target);
    }

    /// <summary>Throws early, before anything is stored, when no proxy of <typeparamref name="T"/> can be made.</summary>
    public static void EnsureProxiable<T>()
        where T : class
    {
        if (!GeneratedProxies.IsRegistered(typeof(T)) && CastleProxies.WhyNot(typeof(T)) is { } reason)
        {
            throw new NonProxiableTypeException(typeof(T), reason);
        }
    }
}

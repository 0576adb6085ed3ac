using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

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
        return GeneratedProxies.TryCreate(factory, target, out T proxy) ? proxy : CastleFallback(factory, target);
    }

    // Castle emits a proxy type at run time, so it needs dynamic code: a NativeAOT process gets a
    // clear exception instead, and trimmed JIT processes proxy the members their own code keeps.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Castle only proxies the type the caller names, and only where dynamic code runs; generated proxies are the trim-safe path.")]
    private static T CastleFallback<T>(ProxyFactory<T> factory, T? target)
        where T : class
    {
        if (RuntimeFeature.IsDynamicCodeSupported)
        {
            return CastleProxies.Create(factory, target);
        }

        throw new NonProxiableTypeException(typeof(T), NoDynamicCode);
    }

    private const string NoDynamicCode = "it has no generated proxy, and this process cannot emit one at run time (NativeAOT): mark it [Proxiable] so the ProxyStore generator writes its proxy at compile time";

    /// <summary>Throws early, before anything is stored, when no proxy of <typeparamref name="T"/> can be made.</summary>
    public static void EnsureProxiable<T>()
        where T : class
    {
        string? reason = GeneratedProxies.IsRegistered(typeof(T)) ? GeneratedProxies.WhyRefused<T>() : CastleWhyNot(typeof(T));
        if (reason is not null)
        {
            throw new NonProxiableTypeException(typeof(T), reason);
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only inspects the type the caller names, and only where dynamic code runs.")]
    private static string? CastleWhyNot(Type type)
    {
        if (RuntimeFeature.IsDynamicCodeSupported)
        {
            return CastleProxies.WhyNot(type);
        }

        return NoDynamicCode;
    }
}

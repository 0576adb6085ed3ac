namespace ProxyStore;

/// <summary>
/// Implemented by every proxy, explicitly, so that it never clashes with the members of
/// the proxied type. Use the <see cref="Proxies"/> helpers rather than casting.
/// </summary>
public interface IProxy
{
    /// <summary>Whether the proxy already holds its target.</summary>
    bool IsResolved { get; }

    /// <summary>The factory that resolves the target.</summary>
    IProxyFactory Factory { get; }

    /// <summary>The target, resolving it first if needed.</summary>
    object Target { get; }

    /// <summary>
    /// Resolves the target without blocking a thread, if it is not resolved already: when the
    /// task completes, <see cref="IsResolved"/> is true. Concurrent resolutions, synchronous or
    /// not, resolve once.
    /// </summary>
    /// <param name="cancellationToken">Stops the wait; a cancelled resolution leaves the proxy unresolved.</param>
    ValueTask ResolveAsync(CancellationToken cancellationToken);
}

/// <summary>A proxy of <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The proxied type.</typeparam>
public interface IProxy<T> : IProxy
    where T : class
{
    /// <summary>The target, resolving it first if needed.</summary>
    new T Target { get; }
}

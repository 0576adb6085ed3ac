namespace ProxyStore.Orleans;

/// <summary>
/// Decides which grain-call arguments and results travel as proxies, as the
/// <c>should_proxy</c> callable of Python ProxyStore's <c>StoreExecutor</c>. Policies combine:
/// <c>a | b</c> proxies what either proxies, <c>a &amp; b</c> what both proxy.
/// </summary>
/// <remarks>
/// A policy sees only values that can become proxies: not null, not a proxy already, passed
/// through a parameter (or returned as a type) that is an interface or a
/// <see cref="ProxiableAttribute"/> class. Implementations must be thread-safe; the call filters
/// share one instance across all calls.
/// </remarks>
public abstract class ProxyPolicy
{
    /// <summary>Whether <paramref name="value"/> should be replaced by a proxy.</summary>
    /// <param name="value">An argument or result; never null and never a proxy.</param>
    public abstract bool ShouldProxy(object value);

    /// <summary>A policy that proxies what this one or <paramref name="other"/> proxies.</summary>
    public ProxyPolicy Or(ProxyPolicy other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new CombinedPolicy(this, other, all: false);
    }

    /// <summary>A policy that proxies what both this one and <paramref name="other"/> proxy.</summary>
    public ProxyPolicy And(ProxyPolicy other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new CombinedPolicy(this, other, all: true);
    }

    /// <summary>A policy that proxies what <paramref name="left"/> or <paramref name="right"/> proxies.</summary>
    public static ProxyPolicy operator |(ProxyPolicy left, ProxyPolicy right)
    {
        ArgumentNullException.ThrowIfNull(left);
        return left.Or(right);
    }

    /// <summary>A policy that proxies what both <paramref name="left"/> and <paramref name="right"/> proxy.</summary>
    public static ProxyPolicy operator &(ProxyPolicy left, ProxyPolicy right)
    {
        ArgumentNullException.ThrowIfNull(left);
        return left.And(right);
    }
}

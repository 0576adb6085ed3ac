namespace ProxyStore;

/// <summary>
/// The base class of Castle interface proxies. Castle does not intercept the members of
/// <see cref="object"/> on interface proxies, so this class forwards them to the target,
/// as generated proxies do. Internal: Castle's proxy assembly sees it through InternalsVisibleTo.
/// </summary>
internal abstract class InterfaceProxyBase
{
    private IProxy? _self;

    /// <summary>Resolves the proxy and returns its target's <see cref="object.ToString"/>.</summary>
    public override string? ToString() => _self?.Target.ToString();

    /// <summary>Resolves the proxy and compares its target with <paramref name="obj"/> (unwrapped if it is a proxy).</summary>
    public override bool Equals(object? obj) => _self is null ? ReferenceEquals(this, obj) : Proxies.TargetEquals(_self.Target, obj);

    /// <summary>Resolves the proxy and returns its target's hash code.</summary>
    public override int GetHashCode() => _self?.Target.GetHashCode() ?? 0;

    /// <summary>Called once by the runtime right after the proxy is created.</summary>
    internal void Attach(IProxy self) => _self = self;
}

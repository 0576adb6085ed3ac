namespace ProxyStore.Orleans;

/// <summary>Proxies every argument and result that can be proxied.</summary>
public sealed class ProxyAlways : ProxyPolicy
{
    /// <summary>The shared instance.</summary>
    public static ProxyAlways Instance { get; } = new();

    /// <inheritdoc />
    public override bool ShouldProxy(object value) => true;

    /// <inheritdoc />
    public override string ToString() => nameof(ProxyAlways);
}

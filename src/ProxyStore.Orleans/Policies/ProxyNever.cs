namespace ProxyStore.Orleans;

/// <summary>Proxies nothing: every argument and result goes by value (the default).</summary>
public sealed class ProxyNever : ProxyPolicy
{
    /// <summary>The shared instance.</summary>
    public static ProxyNever Instance { get; } = new();

    /// <inheritdoc />
    public override bool ShouldProxy(object value) => false;

    /// <inheritdoc />
    public override string ToString() => nameof(ProxyNever);
}

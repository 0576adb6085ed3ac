namespace ProxyStore.Orleans;

/// <summary>Proxies values that are a <typeparamref name="T"/> (Python's <c>ProxyType(T)</c>).</summary>
/// <typeparam name="T">The type whose instances are proxied; a derived type or an implementation counts.</typeparam>
public sealed class ProxyType<T> : ProxyPolicy
{
    /// <inheritdoc />
    public override bool ShouldProxy(object value) => value is T;

    /// <inheritdoc />
    public override string ToString() => $"ProxyType<{typeof(T).Name}>";
}

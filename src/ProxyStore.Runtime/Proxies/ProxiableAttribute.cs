namespace ProxyStore;

/// <summary>
/// Asks the ProxyStore source generator for a compile-time proxy of this interface or
/// non-sealed class. Stores then use that proxy instead of a runtime-generated one.
/// </summary>
[AttributeUsage(AttributeTargets.Interface | AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class ProxiableAttribute : Attribute
{
    /// <summary>
    /// Whether the generated proxy class is <c>public</c> (when the proxied type is public too).
    /// By default it is <c>internal</c>: stores find it through its registration, not by name,
    /// so it need not become part of the assembly's public API.
    /// </summary>
    public bool PublicProxy { get; set; }
}

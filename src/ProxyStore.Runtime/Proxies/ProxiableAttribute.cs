namespace ProxyStore;

/// <summary>
/// Asks the ProxyStore source generator for a compile-time proxy of this interface or
/// non-sealed class. Stores then use that proxy instead of a runtime-generated one.
/// </summary>
[AttributeUsage(AttributeTargets.Interface | AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class ProxiableAttribute : Attribute
{
}

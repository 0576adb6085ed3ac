namespace ProxyStore.Orleans;

/// <summary>
/// What the call filters do with a value the policy selects whose parameter (or return type) is
/// declared as a type that cannot be proxied: neither an interface nor a
/// <see cref="ProxiableAttribute"/> class, such as <c>byte[]</c>, <c>string</c> or a sealed class.
/// </summary>
public enum NonProxiableParameters
{
    /// <summary>
    /// The value goes by value, and the filter logs a warning (event id 1701,
    /// <c>ProxyStore.Orleans.NotProxiable</c>) naming the interface, method, parameter and
    /// declared type, once per parameter for the life of the process (the default).
    /// </summary>
    LogAndSendByValue,

    /// <summary>The call fails before anything is sent or stored, with a <see cref="NonProxiableTypeException"/> naming the method, parameter and type.</summary>
    Throw,
}

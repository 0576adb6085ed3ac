namespace ProxyStore;

/// <summary>
/// No proxy can be made for a type: it has no generated proxy, and the runtime fallback
/// (Castle DynamicProxy) cannot forward all of its members. The message says why and what to do.
/// </summary>
public sealed class NonProxiableTypeException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="type"/>.</summary>
    public NonProxiableTypeException(Type type, string reason)
        : base($"Cannot create a proxy of {type.FullName}: {reason} " +
               "Proxy an interface the type implements, mark the type [Proxiable] so a proxy is generated for it, " +
               "or make the class non-sealed with all its public members virtual.")
    {
        ProxiedType = type;
        Reason = reason;
    }

    /// <summary>The type that cannot be proxied.</summary>
    public Type ProxiedType { get; }

    /// <summary>Why it cannot be proxied.</summary>
    public string Reason { get; }
}

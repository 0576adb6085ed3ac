using System.Diagnostics.CodeAnalysis;

namespace ProxyStore;

/// <summary>
/// No proxy can be made for a type: it has no generated proxy, and the runtime fallback
/// (Castle DynamicProxy) cannot forward all of its members. The message says why and what to do.
/// </summary>
public sealed class NonProxiableTypeException : ProxyStoreException
{
    // Null in an exception that a transport rebuilt without calling a constructor (Orleans does):
    // the type is then loaded again by the name kept in the exception's data.
    private readonly Type? _proxiedType;

    /// <summary>Creates the exception for <paramref name="type"/>.</summary>
    public NonProxiableTypeException(Type type, string reason)
        : base($"Cannot create a proxy of {type.FullName}: {reason} " +
               "Proxy an interface the type implements, mark the type [Proxiable] so a proxy is generated for it, " +
               "or make the class non-sealed with all its public members virtual.")
    {
        _proxiedType = type;
        ExceptionData.Set(this, nameof(ProxiedType), type.AssemblyQualifiedName);
        ExceptionData.Set(this, nameof(Reason), reason);
    }

    /// <summary>The type that cannot be proxied.</summary>
    /// <exception cref="TypeLoadException">The exception came from another process, and the type cannot be loaded in this one.</exception>
    public Type ProxiedType => _proxiedType ?? LoadProxiedType();

    /// <summary>Why it cannot be proxied.</summary>
    public string Reason => ExceptionData.GetRequired(this, nameof(Reason));

    [UnconditionalSuppressMessage("Trimming", "IL2057", Justification = "Only for an exception from another process; a type this one trimmed away fails with TypeLoadException naming it.")]
    private Type LoadProxiedType() => Type.GetType(ExceptionData.GetRequired(this, nameof(ProxiedType)), throwOnError: true)!;
}

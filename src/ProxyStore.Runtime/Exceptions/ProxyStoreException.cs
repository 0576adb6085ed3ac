namespace ProxyStore;

/// <summary>
/// The base of every exception this library throws of its own (not the argument, cancellation
/// and I/O exceptions of .NET it lets through): <c>catch (ProxyStoreException)</c> catches a
/// store, connector, reference, serialization or stream failure, whichever package threw it.
/// Each derived type names what was wrong (key, store, type, path) in its message and properties.
/// </summary>
public abstract class ProxyStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected ProxyStoreException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    protected ProxyStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The exception that caused it.</param>
    protected ProxyStoreException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

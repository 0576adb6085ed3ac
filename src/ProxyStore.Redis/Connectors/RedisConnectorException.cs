namespace ProxyStore.Connectors;

/// <summary>
/// A <see cref="RedisConnector"/> could not reach its server or the server refused an
/// operation, or the call failed fast because the server stopped answering (<see cref="IsTimeout"/>,
/// <see cref="IsFailFast"/>). The message names the server, the database and, for operations on
/// one object, the key; never the password. The StackExchange.Redis exception, if any, is the
/// inner exception.
/// </summary>
public sealed class RedisConnectorException : ProxyStoreException
{
    /// <summary>Creates the exception.</summary>
    public RedisConnectorException(string message, string host, int port, string? key = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ExceptionData.Set(this, nameof(Host), host);
        ExceptionData.Set(this, nameof(Port), port);
        ExceptionData.Set(this, nameof(Key), key);
    }

    /// <summary>The server's host name or address.</summary>
    public string Host => ExceptionData.GetRequired(this, nameof(Host));

    /// <summary>The server's port.</summary>
    public int Port => ExceptionData.Get<int>(this, nameof(Port));

    /// <summary>The store key of the failed operation, or <see langword="null"/> for operations on no single key.</summary>
    public string? Key => ExceptionData.Get<string>(this, nameof(Key));

    /// <summary>
    /// Whether the server did not answer within <see cref="RedisConnectorOptions.OperationTimeout"/>.
    /// Calls to that server then fail fast (<see cref="IsFailFast"/>) until it answers again.
    /// </summary>
    public bool IsTimeout
    {
        get => ExceptionData.Get<bool>(this, nameof(IsTimeout));
        internal init => ExceptionData.Set(this, nameof(IsTimeout), value);
    }

    /// <summary>
    /// Whether the call was not sent at all: an earlier call to the same server timed out, and
    /// the server has not answered since. The connector checks in the background and serves
    /// calls again, without being recreated, as soon as the server answers.
    /// </summary>
    public bool IsFailFast
    {
        get => ExceptionData.Get<bool>(this, nameof(IsFailFast));
        internal init => ExceptionData.Set(this, nameof(IsFailFast), value);
    }
}

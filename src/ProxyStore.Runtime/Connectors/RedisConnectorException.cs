namespace ProxyStore.Connectors;

/// <summary>
/// A <see cref="RedisConnector"/> could not reach its server or the server refused an
/// operation. The message names the server, the database and, for operations on one object,
/// the key; never the password. The StackExchange.Redis exception is the inner exception.
/// </summary>
public sealed class RedisConnectorException : IOException
{
    /// <summary>Creates the exception.</summary>
    public RedisConnectorException(string message, string host, int port, string? key = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Host = host;
        Port = port;
        Key = key;
    }

    /// <summary>The server's host name or address.</summary>
    public string Host { get; }

    /// <summary>The server's port.</summary>
    public int Port { get; }

    /// <summary>The store key of the failed operation, or <see langword="null"/> for operations on no single key.</summary>
    public string? Key { get; }
}

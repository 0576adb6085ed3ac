using System.Text;

namespace ProxyStore.Connectors;

/// <summary>
/// Options of a <see cref="RedisConnector"/> beyond its host and port.
/// </summary>
/// <remarks>
/// <para><b>Passwords.</b> A connector needs its password again wherever its configuration
/// recreates it (a proxy resolving in another process, for one). There are two ways to give it:</para>
/// <list type="bullet">
/// <item><see cref="PasswordEnvironmentVariable"/> (recommended): the configuration holds only the
/// variable's name, and every process reads the password from its own environment.</item>
/// <item><see cref="Password"/>: the configuration holds the password itself, so that
/// <see cref="ConnectorConfig"/>, the <see cref="StoreConfig"/> around it and every proxy
/// reference made from the store are secrets: keep them off logs and untrusted channels.</item>
/// </list>
/// <para>The password never appears in <see cref="ToString"/>, in <see cref="ConnectorConfig.ToString"/>
/// or in the messages of the exceptions the connector throws.</para>
/// </remarks>
public sealed record RedisConnectorOptions
{
    /// <summary>The prefix used when none is given: <c>proxystore:</c>.</summary>
    public const string DefaultKeyPrefix = "proxystore:";

    /// <summary>The default of <see cref="ConnectTimeout"/>: 5 seconds.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The default of <see cref="OperationTimeout"/>: 5 seconds.</summary>
    public static readonly TimeSpan DefaultOperationTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Put in front of every Redis key the connector writes. The connector only ever reads,
    /// deletes or clears keys under this prefix. Not empty; at most 256 characters.
    /// </summary>
    public string KeyPrefix { get; init; } = DefaultKeyPrefix;

    /// <summary>
    /// The format of the values and keys. With <see cref="ValueFormat.Python"/> the connector keeps
    /// Python ProxyStore's layout: each value is a Redis string holding a Python value (a tag, a
    /// newline, the payload) under the bare id, with no prefix, as Python's <c>RedisConnector</c>
    /// writes and reads them; puts of bytes that are not a Python value are refused. A store over
    /// such a connector writes Python's values (see <see cref="Serialization.PythonSerializer"/>).
    /// Bare keys cannot be told from the database's other keys, so <see cref="KeyPrefix"/> must stay
    /// the default (it is not used) and <see cref="Clear"/> off: evict what you put. Default:
    /// <see cref="ValueFormat.ProxyStore"/>. Travels in the connector's configuration.
    /// </summary>
    public ValueFormat ValueFormat { get; init; }

    /// <summary>The Redis database index (<c>SELECT</c>), 0 or more.</summary>
    public int Database { get; init; }

    /// <summary>
    /// Whether <see cref="RedisConnector.Close()"/> deletes every key under <see cref="KeyPrefix"/>,
    /// in the connector made with these options by <c>RedisConnector.Connect</c>, <c>ConnectAsync</c>,
    /// the constructor or <see cref="RedisConnector.FromConnectionString"/>: the one that owns the keys. The option
    /// travels in the connector's configuration, but a connector recreated from that configuration
    /// (the store a proxy resolves through, another process) never clears: only the owner does.
    /// <see cref="RedisConnector.Close(bool)"/> decides explicitly. Other keys of the database are
    /// never touched. Default: false.
    /// </summary>
    public bool Clear { get; init; }

    /// <summary>The ACL user name, or <see langword="null"/> for the default user.</summary>
    public string? User { get; init; }

    /// <summary>
    /// The password, kept in the connector's configuration (see the remarks on secrets).
    /// Not together with <see cref="PasswordEnvironmentVariable"/>.
    /// </summary>
    public string? Password { get; init; }

    /// <summary>
    /// The name of an environment variable that holds the password, read by each process that
    /// creates the connector; the configuration holds only the name.
    /// </summary>
    public string? PasswordEnvironmentVariable { get; init; }

    /// <summary>Whether to connect over TLS.</summary>
    public bool Ssl { get; init; }

    /// <summary>
    /// How long connecting may take before <c>RedisConnector.Connect</c> (or <c>ConnectAsync</c>) gives up with a
    /// <see cref="RedisConnectorException"/>. Between 1 ms and 10 minutes.
    /// </summary>
    public TimeSpan ConnectTimeout { get; init; } = DefaultConnectTimeout;

    /// <summary>
    /// How long one operation may wait for its reply. Between 1 ms and 1 hour; default 5 seconds,
    /// which suits interactive use and values up to some tens of megabytes on a local network.
    /// </summary>
    /// <remarks>
    /// Set it long enough for the largest values you move (a 100 MB value may need 30 seconds
    /// or more on a loaded network or server): when an operation times out, the connector
    /// takes the server for hung, and every call to that server fails fast with a
    /// <see cref="RedisConnectorException"/> (<see cref="RedisConnectorException.IsFailFast"/>)
    /// until the server answers a background <c>PING</c> again, which calls then recover from
    /// by themselves. This bounds the wait on a hung server to one timeout rather than one per call.
    /// </remarks>
    public TimeSpan OperationTimeout { get; init; } = DefaultOperationTimeout;

    /// <summary>Describes the options; a password shows as <c>***</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("RedisConnectorOptions { ");
        text.Append("KeyPrefix = ").Append(KeyPrefix)
            .Append(", Database = ").Append(Database)
            .Append(", Clear = ").Append(Clear);
        if (ValueFormat != ValueFormat.ProxyStore)
        {
            text.Append(", ValueFormat = ").Append(ValueFormat);
        }

        if (User is not null)
        {
            text.Append(", User = ").Append(User);
        }

        if (Password is not null)
        {
            text.Append(", Password = ***");
        }

        if (PasswordEnvironmentVariable is not null)
        {
            text.Append(", PasswordEnvironmentVariable = ").Append(PasswordEnvironmentVariable);
        }

        text.Append(", Ssl = ").Append(Ssl)
            .Append(", ConnectTimeout = ").Append(ConnectTimeout)
            .Append(", OperationTimeout = ").Append(OperationTimeout)
            .Append(" }");
        return text.ToString();
    }
}

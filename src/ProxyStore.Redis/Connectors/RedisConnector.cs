using System.Diagnostics;
using System.Globalization;
using System.Net;
using StackExchange.Redis;

// The connector is one type split by concern: this file holds construction and connecting;
// RedisConnector.Puts, .Objects (get, exists, evict), .Batches, .Futures, .Lifecycle (config,
// close), .Keys (Redis keys and values, clearing a prefix), .Failures and .Validation the rest.
namespace ProxyStore.Connectors;

/// <summary>
/// Stores each object as a Redis string on a Redis server that several processes or
/// machines reach. Every key it writes starts with <see cref="KeyPrefix"/>, and it reads,
/// deletes and clears only keys under that prefix. Thread-safe.
/// </summary>
/// <remarks>
/// <para>Create one with <see cref="Connect(string, int, RedisConnectorOptions?)"/> or, without
/// blocking a thread, <see cref="ConnectAsync(string, int, RedisConnectorOptions?, CancellationToken)"/>
/// (the constructor does what <c>Connect</c> does); or store through a multiplexer of your own with
/// <see cref="Connect(IConnectionMultiplexer, RedisConnectorOptions?)"/>.</para>
/// <para>Connectors to the same server with the same connection settings share one
/// StackExchange.Redis <see cref="ConnectionMultiplexer"/> in this process; it is disposed
/// when the last of them closes. Connecting (and a store recreated by <see cref="Store.FromConfigAsync"/>
/// or <see cref="StoreRegistry.GetOrCreateAsync"/>, which connects without blocking a thread) fails within
/// <see cref="RedisConnectorOptions.ConnectTimeout"/> with a <see cref="RedisConnectorException"/>
/// naming the host and port when the server cannot be reached.</para>
/// <para>Once connected, the connector survives a server restart: while the server is down,
/// operations fail at once with a <see cref="RedisConnectorException"/>, and they work again
/// as soon as the connection is re-established in the background. Objects that were only in
/// the server's memory are lost with the restart, as Redis without persistence loses them.</para>
/// <para>A server that is connected but stops answering (stopped, overloaded, stuck in a long
/// script) costs one <see cref="RedisConnectorOptions.OperationTimeout"/>: the call that times out
/// throws a <see cref="RedisConnectorException"/> with <see cref="RedisConnectorException.IsTimeout"/>,
/// and from then on every call to that server, from any connector sharing the connection, fails at
/// once (<see cref="RedisConnectorException.IsFailFast"/>) while a background <c>PING</c> waits for
/// the server; calls work again as soon as it answers. A put or batch put that failed (timed out,
/// or lost its connection) after it was sent, synchronous or asynchronous, is undone: a delete
/// follows it on the same connection, so a server that runs the write once it resumes deletes
/// it next, and no object is left that nobody has a key to.</para>
/// <para>Batches go to the server in one round trip (<c>MSET</c>, <c>MGET</c>). The size of a
/// value is bounded by the server's <c>proto-max-bulk-len</c> (512 MB by default): a larger put is
/// refused with an <see cref="ArgumentException"/> naming that limit before anything is sent
/// (<see cref="MaxValueBytes"/>).</para>
/// <para><b>Who clears.</b> With <see cref="RedisConnectorOptions.Clear"/> set, the connector made
/// with <c>Connect</c>, <c>ConnectAsync</c>, the constructor or <see cref="FromConnectionString"/> deletes the keys under its prefix
/// when it closes. A connector recreated from its configuration (<see cref="ConnectorConfig.CreateConnector"/>,
/// so every store made by <see cref="Store.FromConfig"/>, a proxy's factory, <see cref="StoreRegistry.GetOrCreate"/>,
/// another process, and the inner connectors of a <see cref="MultiConnector"/> recreated from its
/// configuration) keeps the option but never clears on <see cref="Close()"/>: the keys belong to
/// the producer. <see cref="Close(bool)"/> overrides the rule for one call.</para>
/// <para>See <see cref="RedisConnectorOptions"/> for how a password travels in the connector's
/// configuration.</para>
/// </remarks>
public sealed partial class RedisConnector : IValueFormatConnector, IDeferrableConnector, ISetNotifier, IObjectSizeLimit, IKeyedPutConnector, IWriteThroughConnector, IGuardedEvictConnector, IAsyncCloseConnector
{
    /// <summary>The port Redis listens on unless told otherwise.</summary>
    public const int DefaultPort = 6379;

    /// <summary>
    /// The most bytes one object may have: what Redis stores as one value by default (its
    /// <c>proto-max-bulk-len</c>, 512 MB). Larger puts are refused before anything is sent.
    /// </summary>
    public const long MaxValueBytes = 512L * 1024 * 1024;

    internal const string KindName = "redis";

    private const int MaxIdLength = StoreKey.MaxPlainIdLength;
    private const int MaxPrefixLength = 256;
    private const int ClearBatchSize = 1000;

    private readonly RedisConnections.Lease _lease;
    private readonly IDatabase _database;
    private readonly RedisHangGuard _guard;

    // Only the connector the user made owns the keys under its prefix; one recreated from a
    // config (a proxy's store, another process, a refused duplicate) must never clear them.
    private readonly bool _ownsKeys;
    private int _closed;

    /// <summary>
    /// Connects to the Redis server at <paramref name="host"/>:<paramref name="port"/>, blocking
    /// until connected. <see cref="Connect(string, int, RedisConnectorOptions?)"/> and
    /// <see cref="ConnectAsync(string, int, RedisConnectorOptions?, CancellationToken)"/> are the
    /// preferred ways to write this; the constructor does the same.
    /// </summary>
    /// <param name="host">The server's host name or address.</param>
    /// <param name="port">The server's port, 1 to 65535.</param>
    /// <param name="options">The key prefix, database, password and other options; defaults when null.</param>
    /// <exception cref="ArgumentException">An argument or option is out of range, or both password options are set.</exception>
    /// <exception cref="InvalidOperationException">The environment variable named for the password is not set.</exception>
    /// <exception cref="RedisConnectorException">The server cannot be reached within the connect timeout or refuses the login.</exception>
    public RedisConnector(string host, int port, RedisConnectorOptions? options = null)
        : this(ConnectPlan.Make(host, port, options), ownsKeys: true, lease: null)
    {
    }

    // With no lease, connects (blocking); an asynchronous creation passes the lease it acquired.
    private RedisConnector(ConnectPlan plan, bool ownsKeys, RedisConnections.Lease? lease)
        : this(plan.Host, plan.Port, plan.Options, ownsKeys, lease ?? Acquire(plan))
    {
    }

    private RedisConnector(string host, int port, RedisConnectorOptions options, bool ownsKeys, RedisConnections.Lease lease)
    {
        Host = host;
        Port = port;
        Options = options;
        _ownsKeys = ownsKeys;
        _lease = lease;
        _database = lease.Multiplexer.GetDatabase(options.Database);
        _guard = lease.Guard;
    }

    /// <summary>
    /// Connects to the Redis server at <paramref name="host"/>:<paramref name="port"/>, blocking
    /// until connected: the same as the constructor. Connectors to the same server with the same
    /// connection settings share one multiplexer in this process.
    /// </summary>
    /// <param name="host">The server's host name or address.</param>
    /// <param name="port">The server's port, 1 to 65535.</param>
    /// <param name="options">The key prefix, database, password and other options; defaults when null.</param>
    /// <returns>The connected connector; it owns its keys (see <see cref="Clear"/>).</returns>
    /// <exception cref="ArgumentException">An argument or option is out of range, or both password options are set.</exception>
    /// <exception cref="InvalidOperationException">The environment variable named for the password is not set.</exception>
    /// <exception cref="RedisConnectorException">The server cannot be reached within the connect timeout or refuses the login.</exception>
    public static RedisConnector Connect(string host, int port, RedisConnectorOptions? options = null) => new(host, port, options);

    /// <summary>
    /// Connects to the Redis server at <paramref name="host"/>:<paramref name="port"/> without
    /// blocking a thread: the asynchronous twin of <see cref="Connect(string, int, RedisConnectorOptions?)"/>,
    /// with the same arguments, ownership of the keys and failures.
    /// </summary>
    /// <param name="host">The server's host name or address.</param>
    /// <param name="port">The server's port, 1 to 65535.</param>
    /// <param name="options">The key prefix, database, password and other options; defaults when null.</param>
    /// <param name="cancellationToken">Stops the wait; a connect under way runs on for other connectors to the server.</param>
    /// <returns>The connected connector; it owns its keys (see <see cref="Clear"/>).</returns>
    /// <exception cref="ArgumentException">An argument or option is out of range, or both password options are set.</exception>
    /// <exception cref="InvalidOperationException">The environment variable named for the password is not set.</exception>
    /// <exception cref="RedisConnectorException">The server cannot be reached within the connect timeout or refuses the login.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the message names the server.</exception>
    public static async ValueTask<RedisConnector> ConnectAsync(string host, int port, RedisConnectorOptions? options = null, CancellationToken cancellationToken = default)
    {
        ConnectPlan plan = ConnectPlan.Make(host, port, options);
        try
        {
            return await OpenAsync(plan, ownsKeys: true, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"Connecting to Redis at {plan.Host}:{plan.Port} was cancelled.", e, cancellationToken);
        }
    }

    /// <summary>
    /// A connector that stores through the caller's <paramref name="multiplexer"/> instead of a
    /// connection of its own. No I/O: the multiplexer is used as it is, connected or reconnecting.
    /// </summary>
    /// <remarks>
    /// <para><b>The caller owns the multiplexer.</b> The connector never closes or disposes it,
    /// and does not share it with other connectors: closing the connector (or disposing the store
    /// around it) leaves the multiplexer open and usable. Dispose the multiplexer after the
    /// connectors and stores that use it.</para>
    /// <para><b>One server.</b> The connector's configuration, which travels in proxy references so
    /// that other processes recreate the store, names the server by host and port: they are taken
    /// from the multiplexer's only endpoint (a host name stays a host name, an address an address).
    /// A multiplexer with no endpoint or several (replicas, a cluster's nodes, several servers), or
    /// whose server is not a standalone Redis, is refused with an <see cref="ArgumentException"/>
    /// naming its endpoints.</para>
    /// <para><b>Options.</b> <see cref="RedisConnectorOptions.KeyPrefix"/>, <see cref="RedisConnectorOptions.Database"/>
    /// and <see cref="RedisConnectorOptions.Clear"/> apply as with any connector. The connection
    /// options (user, password, TLS, timeouts) do not change the caller's multiplexer, whose own
    /// configuration governs here; they travel in the configuration for the processes that
    /// recreate the connector with a connection of their own, so give them as those processes need them.</para>
    /// <para>Everything else works as on a connector's own connection: guarded evicts, futures and
    /// their set notifications, size limits, and failing fast once the server stopped answering
    /// (for this connector; other users of the multiplexer wait out their own timeouts).</para>
    /// </remarks>
    /// <param name="multiplexer">The caller's connection to one standalone Redis server.</param>
    /// <param name="options">The key prefix, database and the options that travel in the configuration; defaults when null.</param>
    /// <returns>The connector; it owns its keys (see <see cref="Clear"/>), not the multiplexer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="multiplexer"/> is null.</exception>
    /// <exception cref="ArgumentException">The multiplexer does not name exactly one standalone server, or an option is out of range.</exception>
    public static RedisConnector Connect(IConnectionMultiplexer multiplexer, RedisConnectorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(multiplexer);
        options ??= new RedisConnectorOptions();
        (EndPoint endPoint, string host, int port) = ServerOf(multiplexer);
        Validate(options, host, port);
        return new RedisConnector(host, port, options, ownsKeys: true, RedisConnections.Lease.Borrow(multiplexer, endPoint));
    }

    /// <summary>A multiplexer from the pool for <paramref name="plan"/>, connecting (blocking) if no connector holds one.</summary>
    private static RedisConnections.Lease Acquire(ConnectPlan plan)
    {
        long started = Stopwatch.GetTimestamp();
        try
        {
            return RedisConnections.Acquire(plan.Settings, plan.Password);
        }
        catch (RedisConnectionException e)
        {
            throw ConnectFailed(plan, e, Stopwatch.GetElapsedTime(started));
        }
    }

    private static async ValueTask<RedisConnector> OpenAsync(ConnectPlan plan, bool ownsKeys, CancellationToken cancellationToken)
    {
        RedisConnections.Lease lease;
        long started = Stopwatch.GetTimestamp();
        try
        {
            lease = await RedisConnections.AcquireAsync(plan.Settings, plan.Password, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisConnectionException e)
        {
            throw ConnectFailed(plan, e, Stopwatch.GetElapsedTime(started));
        }

        return new RedisConnector(plan, ownsKeys, lease);
    }

    /// <summary>
    /// A failed connect, saying how long it took (a refused connection fails in milliseconds,
    /// long before the connect timeout). StackExchange.Redis's own exception is not kept inside:
    /// its text advises connection-string settings (abortConnect) this connector does not take;
    /// what caused it (the socket's error) is, when there is one.
    /// </summary>
    private static RedisConnectorException ConnectFailed(ConnectPlan plan, RedisConnectionException e, TimeSpan waited) =>
        new(
            $"Cannot connect to Redis at {plan.Host}:{plan.Port}: {Describe(e)} It gave up after {Format(TimeSpan.FromMilliseconds(Math.Floor(waited.TotalMilliseconds)))} " +
            $"(the connect timeout is {Format(plan.Options.ConnectTimeout)}).",
            plan.Host,
            plan.Port,
            key: null,
            CauseOf(e));

    /// <summary>The first exception inside <paramref name="e"/> that is not the client library's own, or null.</summary>
    private static Exception? CauseOf(Exception e)
    {
        for (Exception? inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is not RedisException)
            {
                return inner;
            }
        }

        return null;
    }

    /// <summary>The server's host name or address.</summary>
    public string Host { get; }

    /// <summary>The server's port.</summary>
    public int Port { get; }

    /// <summary>The options the connector was created with.</summary>
    public RedisConnectorOptions Options { get; }

    /// <summary>The prefix of every Redis key this connector writes.</summary>
    public string KeyPrefix => Options.KeyPrefix;

    /// <summary>The Redis database index.</summary>
    public int Database => Options.Database;

    /// <summary>
    /// The <see cref="RedisConnectorOptions.Clear"/> option, as given or as read from a config.
    /// <see cref="Close()"/> acts on it only in the connector made with <c>Connect</c>, <c>ConnectAsync</c>,
    /// the constructor or <see cref="FromConnectionString"/>, never in one recreated from a config.
    /// </summary>
    public bool Clear => Options.Clear;

    /// <summary>Whether <see cref="Close()"/> deletes the keys: <see cref="Clear"/> in the connector that owns them.</summary>
    internal bool ClearsOnClose => Clear && _ownsKeys;

    /// <summary>The multiplexer this connector uses: shared from the pool, or the caller's.</summary>
    internal IConnectionMultiplexer Multiplexer => _lease.Multiplexer;

    /// <summary>Whether the server of the connector's multiplexer hung; for tests.</summary>
    internal RedisHangGuard HangGuard => _guard;

    /// <summary>
    /// Connects with a StackExchange.Redis-style connection string:
    /// <c>host[:port][,password=...][,user=...][,ssl=true|false][,defaultDatabase=N][,connectTimeout=ms]</c>.
    /// Settings in the string override those of <paramref name="options"/>; any other setting is rejected.
    /// </summary>
    /// <exception cref="ArgumentException">The string is malformed or holds an unsupported setting (the message never repeats a password).</exception>
    /// <exception cref="RedisConnectorException">The server cannot be reached or refuses the login.</exception>
    public static RedisConnector FromConnectionString(string connectionString, RedisConnectorOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        options ??= new RedisConnectorOptions();
        string[] parts = connectionString.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts[0].Contains('=', StringComparison.Ordinal))
        {
            throw new ArgumentException("A Redis connection string starts with the server as host[:port].", nameof(connectionString));
        }

        (string host, int port) = ParseEndpoint(parts[0]);
        foreach (string part in parts.AsSpan(1))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException(
                    $"The Redis connection string for {host}:{port} names one server only, then settings as name=value.", nameof(connectionString));
            }

            string name = part[..equals].Trim();
            string value = part[(equals + 1)..].Trim();
            options = name.ToLowerInvariant() switch
            {
                "password" => options with { Password = value, PasswordEnvironmentVariable = null },
                "user" => options with { User = value },
                "ssl" when bool.TryParse(value, out bool ssl) => options with { Ssl = ssl },
                "defaultdatabase" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int database) => options with { Database = database },
                "connecttimeout" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int ms) => options with { ConnectTimeout = TimeSpan.FromMilliseconds(ms) },
                "ssl" or "defaultdatabase" or "connecttimeout" => throw new ArgumentException(
                    $"The Redis connection string for {host}:{port} has an invalid value for '{name}'.", nameof(connectionString)),
                _ => throw new ArgumentException(
                    $"The Redis connection string for {host}:{port} has the setting '{name}', which RedisConnector does not support. " +
                    "Supported: password, user, ssl, defaultDatabase, connectTimeout.",
                    nameof(connectionString)),
            };
        }

        return new RedisConnector(host, port, options);
    }

    long IObjectSizeLimit.MaxObjectBytes => MaxValueBytes;

    string IObjectSizeLimit.MaxObjectReason => MaxValueReason;

    private static string MaxValueReason =>
        $"the {ObjectSizeLimit.Bytes(MaxValueBytes)} bytes (512 MB) Redis stores as one value (its proto-max-bulk-len; a larger value fails the connection)";
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using StackExchange.Redis;

namespace ProxyStore.Connectors;

/// <summary>
/// Stores each object as a Redis string on a Redis server that several processes or
/// machines reach. Every key it writes starts with <see cref="KeyPrefix"/>, and it reads,
/// deletes and clears only keys under that prefix. Thread-safe.
/// </summary>
/// <remarks>
/// <para>Connectors to the same server with the same connection settings share one
/// StackExchange.Redis <see cref="ConnectionMultiplexer"/> in this process; it is disposed
/// when the last of them closes. The constructor connects (<see cref="CreateAsync"/> connects
/// without blocking a thread, and so does a store recreated by <see cref="Store.FromConfigAsync"/>
/// or <see cref="StoreRegistry.GetOrCreateAsync"/>), and fails within
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
/// with the constructor or <see cref="FromConnectionString"/> deletes the keys under its prefix
/// when it closes. A connector recreated from its configuration (<see cref="ConnectorConfig.CreateConnector"/>,
/// so every store made by <see cref="Store.FromConfig"/>, a proxy's factory, <see cref="StoreRegistry.GetOrCreate"/>,
/// another process, and the inner connectors of a <see cref="MultiConnector"/> recreated from its
/// configuration) keeps the option but never clears on <see cref="Close()"/>: the keys belong to
/// the producer. <see cref="Close(bool)"/> overrides the rule for one call.</para>
/// <para>See <see cref="RedisConnectorOptions"/> for how a password travels in the connector's
/// configuration.</para>
/// </remarks>
public sealed class RedisConnector : IDeferrableConnector, ISetNotifier, IObjectSizeLimit, IKeyedPutConnector, IWriteThroughConnector, IGuardedEvictConnector, IAsyncCloseConnector
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

    /// <summary>Connects to the Redis server at <paramref name="host"/>:<paramref name="port"/>.</summary>
    /// <param name="host">The server's host name or address.</param>
    /// <param name="port">The server's port, 1 to 65535.</param>
    /// <param name="options">The key prefix, database, password and other options; defaults when null.</param>
    /// <exception cref="ArgumentException">An argument or option is out of range, or both password options are set.</exception>
    /// <exception cref="InvalidOperationException">The environment variable named for the password is not set.</exception>
    /// <exception cref="RedisConnectorException">The server cannot be reached within the connect timeout or refuses the login.</exception>
    public RedisConnector(string host, int port, RedisConnectorOptions? options = null)
        : this(host, port, options, ownsKeys: true)
    {
    }

    private RedisConnector(string host, int port, RedisConnectorOptions? options, bool ownsKeys)
        : this(ConnectPlan.Make(host, port, options), ownsKeys, lease: null)
    {
    }

    // With no lease, connects (blocking); an asynchronous creation passes the lease it acquired.
    private RedisConnector(ConnectPlan plan, bool ownsKeys, RedisConnections.Lease? lease)
    {
        Host = plan.Host;
        Port = plan.Port;
        Options = plan.Options;
        _ownsKeys = ownsKeys;
        if (lease is null)
        {
            long started = Stopwatch.GetTimestamp();
            try
            {
                lease = RedisConnections.Acquire(plan.Settings, plan.Password);
            }
            catch (RedisConnectionException e)
            {
                throw ConnectFailed(plan, e, Stopwatch.GetElapsedTime(started));
            }
        }

        _lease = lease;
        _database = _lease.Multiplexer.GetDatabase(plan.Options.Database);
        _guard = _lease.Guard;
    }

    /// <summary>
    /// Connects to the Redis server at <paramref name="host"/>:<paramref name="port"/> without
    /// blocking a thread: the asynchronous twin of the constructor, with the same arguments,
    /// ownership of the keys and failures.
    /// </summary>
    /// <param name="host">The server's host name or address.</param>
    /// <param name="port">The server's port, 1 to 65535.</param>
    /// <param name="options">The key prefix, database, password and other options; defaults when null.</param>
    /// <param name="cancellationToken">Stops the wait; a connect under way runs on for other connectors to the server.</param>
    /// <exception cref="ArgumentException">An argument or option is out of range, or both password options are set.</exception>
    /// <exception cref="InvalidOperationException">The environment variable named for the password is not set.</exception>
    /// <exception cref="RedisConnectorException">The server cannot be reached within the connect timeout or refuses the login.</exception>
    public static ValueTask<RedisConnector> CreateAsync(string host, int port, RedisConnectorOptions? options = null, CancellationToken cancellationToken = default) =>
        ConnectAsync(ConnectPlan.Make(host, port, options), ownsKeys: true, cancellationToken);

    private static async ValueTask<RedisConnector> ConnectAsync(ConnectPlan plan, bool ownsKeys, CancellationToken cancellationToken)
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
    /// <see cref="Close()"/> acts on it only in the connector made with the constructor or
    /// <see cref="FromConnectionString"/>, never in one recreated from a config.
    /// </summary>
    public bool Clear => Options.Clear;

    /// <summary>Whether <see cref="Close()"/> deletes the keys: <see cref="Clear"/> in the connector that owns them.</summary>
    internal bool ClearsOnClose => Clear && _ownsKeys;

    /// <summary>The shared multiplexer this connector uses.</summary>
    internal ConnectionMultiplexer Multiplexer => _lease.Multiplexer;

    /// <summary>Whether the server of the shared multiplexer hung; for tests.</summary>
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

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="data"/> is larger than <see cref="MaxValueBytes"/>; nothing was sent.</exception>
    public StoreKey Put(ReadOnlyMemory<byte> data)
    {
        var key = new StoreKey(StoreKey.NewId());
        ((IKeyedPutConnector)this).PutAt(key, data);
        return key;
    }

    /// <inheritdoc />
    public async ValueTask<StoreKey> PutAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        var key = new StoreKey(StoreKey.NewId());
        await PutAtAsync(key, data, cancellationToken).ConfigureAwait(false);
        return key;
    }

    StoreKey? IKeyedPutConnector.NewPutKey(long size) => NewKey();

    ValueTask IKeyedPutConnector.PutAtAsync(StoreKey key, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken) =>
        PutAtAsync(key, frame, cancellationToken);

    void IKeyedPutConnector.PutAt(StoreKey key, ReadOnlyMemory<byte> data)
    {
        ThrowIfClosed();
        CheckValueSize(data);
        ThrowIfWaitingForServer("put an object", key: null);
        RedisKey redisKey = RedisKeyOf(key);
        try
        {
            _database.StringSet(redisKey, data);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure("put", key, e, Undo([redisKey]));
        }
    }

    private async ValueTask PutAtAsync(StoreKey key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        CheckValueSize(data);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfWaitingForServer("put an object", key: null);
        RedisKey redisKey = RedisKeyOf(key);
        try
        {
            await _database.StringSetAsync(redisKey, data).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The SET may already be on its way; a DELETE after it on the same connection
            // makes sure a cancelled put leaves nothing behind.
            _database.KeyDelete(redisKey, CommandFlags.FireAndForget);
            throw;
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure("put", key, e, Undo([redisKey]));
        }
    }

    /// <inheritdoc />
    public StoreKey NewKey()
    {
        ThrowIfClosed();
        return new StoreKey(StoreKey.NewId());
    }

    /// <inheritdoc />
    /// <remarks>
    /// One <c>SET ... NX</c>, so of two producers racing on one key, in any processes, exactly
    /// one wins; then a <c>PUBLISH</c> on the key's channel (<see cref="SetChannelOf"/>) wakes
    /// consumers waiting for it without waiting out a polling interval.
    /// </remarks>
    /// <exception cref="RedisConnectorException">The server failed or did not answer.</exception>
    public void Set(StoreKey key, ReadOnlyMemory<byte> data)
    {
        RedisKey redisKey = RedisKeyOf(key);
        ThrowIfClosed();
        CheckValueSize(data);
        ThrowIfWaitingForServer("set", key);
        bool set;
        try
        {
            set = _database.StringSet(redisKey, data, when: When.NotExists);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure("set", key, e);
        }

        FinishSet(key, set);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The token is checked before the <c>SET</c> is sent, never while it is on its way: a set
    /// cannot be taken back, since the key may hold another producer's object when it fails.
    /// </remarks>
    /// <exception cref="RedisConnectorException">The server failed or did not answer.</exception>
    public async ValueTask SetAsync(StoreKey key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        RedisKey redisKey = RedisKeyOf(key);
        ThrowIfClosed();
        CheckValueSize(data);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfWaitingForServer("set", key);
        bool set;
        try
        {
            set = await _database.StringSetAsync(redisKey, data, when: When.NotExists).ConfigureAwait(false);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure("set", key, e);
        }

        FinishSet(key, set);
    }

    /// <summary>The pub/sub channel on which <see cref="Set"/> announces that <paramref name="key"/> holds its object.</summary>
    internal RedisChannel SetChannelOf(StoreKey key) => RedisChannel.Literal((string)RedisKeyOf(key)! + ":set");

    /// <summary>
    /// Subscribes to the key's set channel. Why pub/sub on top of polling: a consumer in another
    /// process learns of the value within a round trip instead of a polling interval (1 s by
    /// default), and costs the server nothing while it waits; polling stays, because a message
    /// published before the subscription took effect, or lost with a connection, is not replayed.
    /// </summary>
    IDisposable? ISetNotifier.WatchSet(StoreKey key, Action onSet)
    {
        RedisChannel channel = SetChannelOf(key);
        ThrowIfClosed();
        ThrowIfWaitingForServer("watch", key);
        ISubscriber subscriber = _lease.Multiplexer.GetSubscriber();
        Action<RedisChannel, RedisValue> handler = (_, _) => onSet();
        try
        {
            subscriber.Subscribe(channel, handler);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure("watch", key, e);
        }

        return new SetWatch(subscriber, channel, handler);
    }

    /// <inheritdoc />
    async ValueTask<IDisposable?> ISetNotifier.WatchSetAsync(StoreKey key, Action onSet, CancellationToken cancellationToken)
    {
        RedisChannel channel = SetChannelOf(key);
        ThrowIfClosed();
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfWaitingForServer("watch", key);
        ISubscriber subscriber = _lease.Multiplexer.GetSubscriber();
        Action<RedisChannel, RedisValue> handler = (_, _) => onSet();
        var watch = new SetWatch(subscriber, channel, handler);
        try
        {
            await subscriber.SubscribeAsync(channel, handler).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The subscription may still complete; unsubscribing this handler undoes it either way.
            watch.Dispose();
            throw;
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure("watch", key, e);
        }

        return watch;
    }

    private void FinishSet(StoreKey key, bool set)
    {
        if (!set)
        {
            throw new KeyAlreadySetException(key, $"The key '{key}' already holds an object in {this}; a key is set once.");
        }

        // Fire and forget: the object is stored whether or not anyone hears of it, and waiters
        // that miss the message still find the object at their next poll.
        _database.Publish(SetChannelOf(key), RedisValue.EmptyString, CommandFlags.FireAndForget);
    }

    /// <inheritdoc />
    public byte[]? Get(StoreKey key)
    {
        RedisKey redisKey = RedisKeyOf(key);
        ThrowIfClosed();
        ThrowIfWaitingForServer("get", key);
        try
        {
            return ToBytes(_database.StringGet(redisKey));
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure("get", key, e);
        }
    }

    /// <inheritdoc />
    public async ValueTask<byte[]?> GetAsync(StoreKey key, CancellationToken cancellationToken = default)
    {
        RedisKey redisKey = RedisKeyOf(key);
        ThrowIfClosed();
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfWaitingForServer("get", key);
        try
        {
            return ToBytes(await _database.StringGetAsync(redisKey).WaitAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure("get", key, e);
        }
    }

    /// <inheritdoc />
    public bool Exists(StoreKey key)
    {
        RedisKey redisKey = RedisKeyOf(key);
        ThrowIfClosed();
        ThrowIfWaitingForServer("check", key);
        try
        {
            return _database.KeyExists(redisKey);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure("check", key, e);
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> ExistsAsync(StoreKey key, CancellationToken cancellationToken = default)
    {
        RedisKey redisKey = RedisKeyOf(key);
        ThrowIfClosed();
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfWaitingForServer("check", key);
        try
        {
            return await _database.KeyExistsAsync(redisKey).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure("check", key, e);
        }
    }

    /// <inheritdoc />
    public void Evict(StoreKey key)
    {
        RedisKey redisKey = RedisKeyOf(key);
        ThrowIfClosed();
        ThrowIfWaitingForServer("evict", key);
        try
        {
            _database.KeyDelete(redisKey);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure("evict", key, e);
        }
    }

    /// <inheritdoc />
    public async ValueTask EvictAsync(StoreKey key, CancellationToken cancellationToken = default)
    {
        RedisKey redisKey = RedisKeyOf(key);
        ThrowIfClosed();
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfWaitingForServer("evict", key);
        try
        {
            await _database.KeyDeleteAsync(redisKey).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure("evict", key, e);
        }
    }

    void IGuardedEvictConnector.EvictStored(StoreKey key)
    {
        RedisKey redisKey = RedisKeyOf(key);
        ThrowIfClosed();
        ThrowIfWaitingForServer("evict", key);
        int foreign;
        try
        {
            foreign = RedisStoreObjects.Delete(_database, [redisKey]);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure("evict", key, e);
        }

        if (foreign > 0)
        {
            throw new ForeignObjectException(key, ToString());
        }
    }

    async ValueTask IGuardedEvictConnector.EvictStoredAsync(StoreKey key, CancellationToken cancellationToken)
    {
        RedisKey redisKey = RedisKeyOf(key);
        ThrowIfClosed();
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfWaitingForServer("evict", key);
        int foreign;
        try
        {
            foreign = await RedisStoreObjects.DeleteAsync(_database, [redisKey], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure("evict", key, e);
        }

        if (foreign > 0)
        {
            throw new ForeignObjectException(key, ToString());
        }
    }

    /// <summary>Stores every item of <paramref name="data"/> with one <c>MSET</c>: all of them or, on failure, none.</summary>
    public IReadOnlyList<StoreKey> PutBatch(IReadOnlyList<ReadOnlyMemory<byte>> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        StoreKey[] keys = NewKeys(data.Count);
        ((IKeyedPutConnector)this).PutBatchAt(keys, data);
        return keys;
    }

    void IKeyedPutConnector.PutBatchAt(IReadOnlyList<StoreKey> keys, IReadOnlyList<ReadOnlyMemory<byte>> data)
    {
        ThrowIfClosed();
        KeyValuePair<RedisKey, RedisValue>[] pairs = PairsOf(keys, data);
        if (keys.Count == 0)
        {
            return;
        }

        if (IsWaitingForServer)
        {
            throw FailFast($"put a batch of {keys.Count} objects", key: null);
        }

        try
        {
            _database.StringSet(pairs);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure($"put a batch of {keys.Count} objects", key: null, e, Undo([.. pairs.Select(p => p.Key)]));
        }
    }

    /// <summary>Asynchronous <see cref="PutBatch"/>.</summary>
    public async ValueTask<IReadOnlyList<StoreKey>> PutBatchAsync(IReadOnlyList<ReadOnlyMemory<byte>> data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        StoreKey[] keys = NewKeys(data.Count);
        await ((IKeyedPutConnector)this).PutBatchAtAsync(keys, data, cancellationToken).ConfigureAwait(false);
        return keys;
    }

    async ValueTask IKeyedPutConnector.PutBatchAtAsync(IReadOnlyList<StoreKey> keys, IReadOnlyList<ReadOnlyMemory<byte>> data, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        cancellationToken.ThrowIfCancellationRequested();
        KeyValuePair<RedisKey, RedisValue>[] pairs = PairsOf(keys, data);
        if (keys.Count == 0)
        {
            return;
        }

        if (IsWaitingForServer)
        {
            throw FailFast($"put a batch of {keys.Count} objects", key: null);
        }

        try
        {
            await _database.StringSetAsync(pairs).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _database.KeyDelete(pairs.Select(p => p.Key).ToArray(), CommandFlags.FireAndForget);
            throw;
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure($"put a batch of {keys.Count} objects", key: null, e, Undo([.. pairs.Select(p => p.Key)]));
        }
    }

    /// <summary>Gets every key of <paramref name="keys"/> with one <c>MGET</c>; missing keys give <see langword="null"/>.</summary>
    public IReadOnlyList<byte[]?> GetBatch(IReadOnlyList<StoreKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        RedisKey[] redisKeys = RedisKeysOf(keys);
        ThrowIfClosed();
        if (redisKeys.Length == 0)
        {
            return [];
        }

        if (IsWaitingForServer)
        {
            throw FailFast($"get a batch of {redisKeys.Length} objects", key: null);
        }

        try
        {
            return Array.ConvertAll(_database.StringGet(redisKeys), ToBytes);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure($"get a batch of {redisKeys.Length} objects", key: null, e);
        }
    }

    /// <summary>Asynchronous <see cref="GetBatch"/>.</summary>
    public async ValueTask<IReadOnlyList<byte[]?>> GetBatchAsync(IReadOnlyList<StoreKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        RedisKey[] redisKeys = RedisKeysOf(keys);
        ThrowIfClosed();
        cancellationToken.ThrowIfCancellationRequested();
        if (redisKeys.Length == 0)
        {
            return [];
        }

        if (IsWaitingForServer)
        {
            throw FailFast($"get a batch of {redisKeys.Length} objects", key: null);
        }

        try
        {
            RedisValue[] values = await _database.StringGetAsync(redisKeys).WaitAsync(cancellationToken).ConfigureAwait(false);
            return Array.ConvertAll(values, ToBytes);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure($"get a batch of {redisKeys.Length} objects", key: null, e);
        }
    }

    /// <summary>
    /// The configuration that recreates this connector. It holds the password only when the
    /// connector was given one through <see cref="RedisConnectorOptions.Password"/>; see
    /// <see cref="RedisConnectorOptions"/>.
    /// </summary>
    public ConnectorConfig GetConfig() => ConnectorConfig.Create(KindName, new ConfigOptions(
        Host,
        Port,
        Options.KeyPrefix,
        Options.Database,
        Options.Clear,
        Options.User,
        Options.Password,
        Options.PasswordEnvironmentVariable,
        Options.Ssl,
        Options.ConnectTimeout.TotalMilliseconds,
        Options.OperationTimeout.TotalMilliseconds),
        Serialization.Json.RedisJsonContext.RedisOptionsInfo);

    /// <summary>
    /// Closes the connector, deleting its keys when <see cref="Clear"/> is set and this connector
    /// was made with the constructor or <see cref="FromConnectionString"/>. A connector recreated
    /// from a config (the store a proxy resolves through, <see cref="Store.FromConfig"/>,
    /// <see cref="StoreRegistry.GetOrCreate"/>, another process) never deletes keys on its own:
    /// the objects belong to the process that created the store.
    /// </summary>
    /// <exception cref="RedisConnectorException">Clearing failed; the connector is closed all the same.</exception>
    public void Close() => Close(ClearsOnClose);

    /// <summary>
    /// Closes the connector; <paramref name="clear"/> decides for this call whether its keys are
    /// deleted, whoever made the connector: <c>Close(false)</c> closes without clearing.
    /// Clearing deletes the store objects under <see cref="KeyPrefix"/> in <see cref="Database"/>,
    /// found with <c>SCAN</c> and deleted in batches by a script that checks each value's first
    /// bytes; keys holding anything else (an application's own, bytes put through
    /// <see cref="Put"/> without a store) stay. It never flushes the database. Closing twice is harmless.
    /// </summary>
    /// <exception cref="RedisConnectorException">Clearing failed; the connector is closed all the same.</exception>
    public void Close(bool clear)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        try
        {
            if (clear)
            {
                DeleteAllUnderPrefix();
            }
        }
        finally
        {
            _lease.Dispose();
        }
    }

    /// <summary>Asynchronous <see cref="Close(bool)"/>: clears with asynchronous <c>SCAN</c> and deletes.</summary>
    /// <exception cref="RedisConnectorException">Clearing failed; the connector is closed all the same.</exception>
    public async ValueTask CloseAsync(bool clear)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        try
        {
            if (clear)
            {
                await DeleteAllUnderPrefixAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _lease.Dispose();
        }
    }

    /// <summary>Asynchronous <see cref="Close()"/>: clears under the same rule.</summary>
    /// <exception cref="RedisConnectorException">Clearing failed; the connector is closed all the same.</exception>
    public ValueTask CloseAsync() => CloseAsync(ClearsOnClose);

    /// <summary>Same as <see cref="CloseAsync()"/>.</summary>
    public ValueTask DisposeAsync() => CloseAsync();

    /// <summary>Describes the connector: server, database and key prefix, never the password.</summary>
    public override string ToString() => $"RedisConnector({Host}:{Port}, database={Database}, keyPrefix={KeyPrefix})";

    internal static IConnector FromOptions(JsonElement options) => new RedisConnector(PlanFromOptions(options), ownsKeys: false, lease: null);

    /// <summary>Asynchronous <see cref="FromOptions"/>: connects without blocking a thread.</summary>
    internal static async ValueTask<IConnector> FromOptionsAsync(JsonElement options, CancellationToken cancellationToken) =>
        await ConnectAsync(PlanFromOptions(options), ownsKeys: false, cancellationToken).ConfigureAwait(false);

    private static ConnectPlan PlanFromOptions(JsonElement options)
    {
        ConfigOptions read = new ConnectorConfig(KindName, options).ReadOptions(Serialization.Json.RedisJsonContext.RedisOptionsInfo);
        if (string.IsNullOrWhiteSpace(read.Host))
        {
            throw new ArgumentException("The 'redis' connector config needs a host.", nameof(options));
        }

        return ConnectPlan.Make(read.Host, read.Port, new RedisConnectorOptions
        {
            KeyPrefix = read.KeyPrefix ?? RedisConnectorOptions.DefaultKeyPrefix,
            Database = read.Database,
            Clear = read.Clear,
            User = read.User,
            Password = read.Password,
            PasswordEnvironmentVariable = read.PasswordEnvironmentVariable,
            Ssl = read.Ssl,
            ConnectTimeout = read.ConnectTimeoutMs is double connect ? TimeSpan.FromMilliseconds(connect) : RedisConnectorOptions.DefaultConnectTimeout,
            OperationTimeout = read.OperationTimeoutMs is double operation ? TimeSpan.FromMilliseconds(operation) : RedisConnectorOptions.DefaultOperationTimeout,
        });
    }

    /// <summary>The Redis key of <paramref name="key"/>, which must be one of this connector's own.</summary>
    internal RedisKey RedisKeyOf(StoreKey key)
    {
        ArgumentNullException.ThrowIfNull(key);

        // Keys may come from another process or a config; a plain id cannot reach outside the prefix.
        if (key.Connector is not null || !StoreKey.IsPlainId(key.Id))
        {
            throw new ArgumentException(
                $"The key '{key}' is not a RedisConnector key: ids are letters, digits, '-' and '_' only, at most {MaxIdLength} characters, with no connector name.",
                nameof(key));
        }

        return new RedisKey(KeyPrefix + key.Id);
    }

    private RedisKey[] RedisKeysOf(IReadOnlyList<StoreKey> keys)
    {
        var redisKeys = new RedisKey[keys.Count];
        for (int i = 0; i < redisKeys.Length; i++)
        {
            redisKeys[i] = RedisKeyOf(keys[i]);
        }

        return redisKeys;
    }

    private void CheckValueSize(ReadOnlyMemory<byte> data) => ObjectSizeLimit.Check(data.Length, MaxValueBytes, MaxValueReason, this);

    /// <summary>New keys for a batch, once every item was found small enough: a refused batch sends nothing.</summary>
    private static StoreKey[] NewKeys(int count)
    {
        var keys = new StoreKey[count];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = new StoreKey(StoreKey.NewId());
        }

        return keys;
    }

    private KeyValuePair<RedisKey, RedisValue>[] PairsOf(IReadOnlyList<StoreKey> keys, IReadOnlyList<ReadOnlyMemory<byte>> data)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(data);
        if (keys.Count != data.Count)
        {
            throw new ArgumentException($"A batch of {data.Count} objects needs as many keys, not {keys.Count}.", nameof(keys));
        }

        foreach (ReadOnlyMemory<byte> item in data)
        {
            CheckValueSize(item);
        }

        var pairs = new KeyValuePair<RedisKey, RedisValue>[data.Count];
        for (int i = 0; i < pairs.Length; i++)
        {
            pairs[i] = new(RedisKeyOf(keys[i]), data[i]);
        }

        return pairs;
    }

    /// <summary>
    /// Whether <paramref name="key"/> is one this connector writes: its prefix, then a plain
    /// id. Prefixes end with a separator no id contains, so the keys of a longer prefix that
    /// starts with this one (<c>app:</c> and <c>app:x:</c>) never pass.
    /// </summary>
    private bool IsOwnKey(RedisKey key)
    {
        string? name = key;
        return name is not null && name.StartsWith(KeyPrefix, StringComparison.Ordinal) && StoreKey.IsPlainId(name.AsSpan(KeyPrefix.Length));
    }

    private void DeleteAllUnderPrefix()
    {
        if (IsWaitingForServer)
        {
            throw FailFast($"clear the keys under '{KeyPrefix}'", key: null);
        }

        try
        {
            IServer server = _lease.Multiplexer.GetServer(Host, Port);
            var batch = new List<RedisKey>(ClearBatchSize);
            foreach (RedisKey key in server.Keys(Database, EscapeGlob(KeyPrefix) + "*", pageSize: ClearBatchSize))
            {
                if (!IsOwnKey(key))
                {
                    continue;
                }

                batch.Add(key);
                if (batch.Count == ClearBatchSize)
                {
                    RedisStoreObjects.Delete(_database, [.. batch]);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                RedisStoreObjects.Delete(_database, [.. batch]);
            }
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure($"clear the keys under '{KeyPrefix}'", key: null, e);
        }
    }

    private async Task DeleteAllUnderPrefixAsync()
    {
        if (IsWaitingForServer)
        {
            throw FailFast($"clear the keys under '{KeyPrefix}'", key: null);
        }

        try
        {
            IServer server = _lease.Multiplexer.GetServer(Host, Port);
            var batch = new List<RedisKey>(ClearBatchSize);
            await foreach (RedisKey key in server.KeysAsync(Database, EscapeGlob(KeyPrefix) + "*", pageSize: ClearBatchSize).ConfigureAwait(false))
            {
                if (!IsOwnKey(key))
                {
                    continue;
                }

                batch.Add(key);
                if (batch.Count == ClearBatchSize)
                {
                    await RedisStoreObjects.DeleteAsync(_database, [.. batch], CancellationToken.None).ConfigureAwait(false);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await RedisStoreObjects.DeleteAsync(_database, [.. batch], CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure($"clear the keys under '{KeyPrefix}'", key: null, e);
        }
    }

    private static byte[]? ToBytes(RedisValue value) => value.IsNull ? null : (byte[]?)value ?? [];

    private static bool IsRedisFailure(Exception e) => e is RedisException or RedisTimeoutException or RedisCommandException;

    /// <summary>
    /// Undoes a write of new keys that failed after it may have been sent: a server that hung
    /// and runs the write once it resumes would otherwise keep objects nobody has a key to. A
    /// <c>DEL</c> queued after the write on the same connection runs after it. The keys are new
    /// random ids, so the delete touches nothing else. Returns why the delete could not be
    /// queued, or null.
    /// </summary>
    private Exception? Undo(RedisKey[] keys)
    {
        try
        {
            _database.KeyDelete(keys, CommandFlags.FireAndForget);
            return null;
        }
        catch (Exception e) when (IsRedisFailure(e) || e is ObjectDisposedException)
        {
            return e;
        }
    }

    /// <param name="operation">What failed, as in "could not {operation}".</param>
    /// <param name="key">The key of an operation on one object.</param>
    /// <param name="e">The client library's exception.</param>
    /// <param name="undoFailure">Why the delete that undoes a failed write could not be queued; the message then says the keys may be left behind.</param>
    private RedisConnectorException Failure(string operation, StoreKey? key, Exception e, Exception? undoFailure = null)
    {
        string leftBehind = undoFailure is null
            ? string.Empty
            : $" The delete that undoes the write could not be sent either ({FirstLine(undoFailure.Message)}), so what was written may stay under the prefix.";
        if (e is RedisTimeoutException)
        {
            // The calls after this one fail fast until the server answers again, rather than
            // each waiting out the whole timeout.
            _guard.ReportTimeout();
            return new RedisConnectorException(
                $"{Subject(operation, key)}: the server did not answer within the operation timeout of {Format(Options.OperationTimeout)}. " +
                "Calls to it fail at once until it answers again." + leftBehind,
                Host,
                Port,
                key?.ToString(),
                e)
            { IsTimeout = true };
        }

        return new RedisConnectorException($"{Subject(operation, key)}: {Describe(e)}{leftBehind}", Host, Port, key?.ToString(), e);
    }

    private RedisConnectorException FailFast(string operation, StoreKey? key) => new(
        $"{Subject(operation, key)}: failing fast because an earlier call timed out; the connector is waiting for the server to answer again.",
        Host,
        Port,
        key?.ToString())
    { IsFailFast = true };

    private string Subject(string operation, StoreKey? key) =>
        $"Redis at {Host}:{Port} (database {Database}, key prefix '{KeyPrefix}') could not {(key is null ? operation : $"{operation} '{key}'")}";

    /// <summary>Whether an earlier call timed out and the server has not answered since.</summary>
    private bool IsWaitingForServer => _guard.IsWaitingForServer;

    private void ThrowIfWaitingForServer(string operation, StoreKey? key)
    {
        if (IsWaitingForServer)
        {
            throw FailFast(operation, key);
        }
    }

    /// <summary>
    /// A short reason for a failure. StackExchange.Redis's own messages are left to the inner
    /// exception: they run to many lines of diagnostics and advise settings (such as its own
    /// timeouts) that this connector does not take.
    /// </summary>
    internal static string Describe(Exception e) => e switch
    {
        RedisConnectionException { FailureType: ConnectionFailureType.AuthenticationFailure } =>
            "the server refused the login (check the user and password).",
        RedisConnectionException { FailureType: ConnectionFailureType.UnableToConnect or ConnectionFailureType.UnableToResolvePhysicalConnection } =>
            "no connection to the server: it is down, unreachable, or did not answer in time.",
        RedisConnectionException { FailureType: ConnectionFailureType.SocketFailure or ConnectionFailureType.SocketClosed } =>
            "the connection to the server broke; it is re-established in the background.",
        RedisConnectionException { FailureType: ConnectionFailureType.Loading } =>
            "the server is still loading its data set.",
        RedisConnectionException { FailureType: ConnectionFailureType.ConnectionDisposed } =>
            "the connection was closed.",
        RedisConnectionException c => $"the connection failed ({c.FailureType}).",
        RedisTimeoutException => "the server did not answer within the operation timeout.",

        // The server's own error reply (OOM, READONLY, NOAUTH, ...): short, and what to act on.
        RedisServerException => $"the server answered with an error: {FirstLine(e.Message)}",
        _ => FirstLine(e.Message),
    };

    private static string FirstLine(string text)
    {
        const int MaxLength = 200;
        int end = text.AsSpan().IndexOfAny('\r', '\n');
        string line = end < 0 ? text : text[..end];
        return line.Length <= MaxLength ? line : string.Concat(line.AsSpan(0, MaxLength), "...");
    }

    private static string Format(TimeSpan duration) =>
        duration.TotalMilliseconds < 1000 || duration.TotalMilliseconds % 1000 != 0
            ? $"{duration.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms"
            : $"{duration.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s";

    private static string EscapeGlob(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (c is '*' or '?' or '[' or ']' or '\\' or '^' or '-')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    private static (string Host, int Port) ParseEndpoint(string endpoint)
    {
        string host = endpoint;
        string? port = null;
        if (endpoint.StartsWith('['))
        {
            int close = endpoint.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new ArgumentException($"The Redis server '{endpoint}' lacks a closing ']'.", nameof(endpoint));
            }

            host = endpoint[1..close];
            if (close + 1 < endpoint.Length)
            {
                port = endpoint[(close + 1)..].StartsWith(':') ? endpoint[(close + 2)..] : throw new ArgumentException($"The Redis server '{endpoint}' is not host[:port].", nameof(endpoint));
            }
        }
        else if (endpoint.Count(c => c == ':') == 1)
        {
            int colon = endpoint.IndexOf(':', StringComparison.Ordinal);
            host = endpoint[..colon];
            port = endpoint[(colon + 1)..];
        }

        if (port is null)
        {
            return (host, DefaultPort);
        }

        return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int number)
            ? (host, number)
            : throw new ArgumentException($"The Redis server '{endpoint}' has an invalid port.", nameof(endpoint));
    }

    private static void Validate(RedisConnectorOptions options, string host, int port)
    {
        if (string.IsNullOrEmpty(options.KeyPrefix) || options.KeyPrefix.Length > MaxPrefixLength)
        {
            throw new ArgumentException(
                $"The key prefix of the Redis connector for {host}:{port} must have 1 to {MaxPrefixLength} characters: without one, clearing would reach every key of the database.",
                nameof(options));
        }

        if (StoreKey.IsPlainIdChar(options.KeyPrefix[^1]))
        {
            throw new ArgumentException(
                $"The key prefix '{options.KeyPrefix}' of the Redis connector for {host}:{port} must end with a separator such as ':', " +
                "so that no connector's keys look like another's whose prefix starts the same way.",
                nameof(options));
        }

        if (options.Database < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Database, $"The Redis database index for {host}:{port} cannot be negative.");
        }

        if (options.Password is not null && options.PasswordEnvironmentVariable is not null)
        {
            throw new ArgumentException(
                $"The Redis connector for {host}:{port} takes a password or the name of an environment variable holding it, not both.", nameof(options));
        }

        if (options.ConnectTimeout <= TimeSpan.Zero || options.ConnectTimeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ConnectTimeout, $"The connect timeout for Redis at {host}:{port} must be positive and at most 10 minutes.");
        }

        if (options.OperationTimeout <= TimeSpan.Zero || options.OperationTimeout > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.OperationTimeout, $"The operation timeout for Redis at {host}:{port} must be positive and at most 1 hour.");
        }
    }

    private static string? ResolvePassword(RedisConnectorOptions options, string host, int port)
    {
        if (options.PasswordEnvironmentVariable is not { } variable)
        {
            return options.Password;
        }

        return Environment.GetEnvironmentVariable(variable) is { Length: > 0 } password
            ? password
            : throw new InvalidOperationException(
                $"The Redis connector for {host}:{port} reads its password from the environment variable '{variable}', which is not set in this process.");
    }


    private void ThrowIfClosed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _closed) == 1, this);

    /// <summary>Ends one <see cref="ISetNotifier.WatchSet"/>: only its handler goes, other waiters on the key stay subscribed.</summary>
    private sealed class SetWatch(ISubscriber subscriber, RedisChannel channel, Action<RedisChannel, RedisValue> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                // Fire and forget: the waiter is done either way, and a late message finds a handler
                // that only releases a semaphore nobody waits on.
                subscriber.Unsubscribe(channel, handler, CommandFlags.FireAndForget);
            }
        }
    }

    internal sealed record ConfigOptions(
        string Host,
        int Port,
        string? KeyPrefix,
        int Database,
        bool Clear,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? User,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Password,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PasswordEnvironmentVariable,
        bool Ssl,
        double? ConnectTimeoutMs,
        double? OperationTimeoutMs);

    /// <summary>A validated host, port and options, with the password resolved: everything a connect needs.</summary>
    private sealed record ConnectPlan(string Host, int Port, RedisConnectorOptions Options, RedisConnections.Settings Settings, string? Password)
    {
        public static ConnectPlan Make(string host, int port, RedisConnectorOptions? options)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(host);
            if (port is < 1 or > 65535)
            {
                throw new ArgumentOutOfRangeException(nameof(port), port, $"The Redis port for host '{host}' must be between 1 and 65535.");
            }

            options ??= new RedisConnectorOptions();
            Validate(options, host, port);
            string? password = ResolvePassword(options, host, port);
            var settings = new RedisConnections.Settings(
                host,
                port,
                options.User,
                RedisConnections.Settings.Hash(password),
                options.Ssl,
                (int)Math.Ceiling(options.ConnectTimeout.TotalMilliseconds),
                (int)Math.Ceiling(options.OperationTimeout.TotalMilliseconds));
            return new ConnectPlan(host, port, options, settings, password);
        }

        // The password must not reach logs through a record's generated ToString.
        public override string ToString() => $"ConnectPlan {{ Host = {Host}, Port = {Port} }}";
    }
}

using ProxyStore.Connectors;
using StackExchange.Redis;

namespace ProxyStore.Streams;

/// <summary>The connection a Redis publisher or subscriber uses: its own, or one the caller lends it.</summary>
internal sealed class RedisBroker : IDisposable, IAsyncDisposable
{
    private readonly bool _owned;

    private RedisBroker(IConnectionMultiplexer connection, bool owned)
    {
        Connection = connection;
        _owned = owned;
    }

    public IConnectionMultiplexer Connection { get; }

    public static RedisBroker Lend(IConnectionMultiplexer connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new RedisBroker(connection, owned: false);
    }

    /// <exception cref="RedisConnectorException">The server cannot be reached; the message names it.</exception>
    public static RedisBroker Connect(string host, int port, string role)
    {
        ConfigurationOptions options = Options(host, port, role);
        try
        {
            return new RedisBroker(ConnectionMultiplexer.Connect(options), owned: true);
        }
        catch (RedisConnectionException e)
        {
            throw Unreachable(host, port, role, e);
        }
    }

    /// <exception cref="RedisConnectorException">The server cannot be reached; the message names it.</exception>
    public static async ValueTask<RedisBroker> ConnectAsync(string host, int port, string role, CancellationToken cancellationToken)
    {
        ConfigurationOptions options = Options(host, port, role);
        cancellationToken.ThrowIfCancellationRequested();
        Task<ConnectionMultiplexer> connecting = ConnectionMultiplexer.ConnectAsync(options);
        try
        {
            return new RedisBroker(await connecting.WaitAsync(cancellationToken).ConfigureAwait(false), owned: true);
        }
        catch (RedisConnectionException e)
        {
            throw Unreachable(host, port, role, e);
        }
        catch (OperationCanceledException) when (!connecting.IsCompleted)
        {
            // The connect cannot be stopped: a connection it makes after the caller gave up is closed.
            _ = connecting.ContinueWith(static made => made.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            throw;
        }
    }

    // StackExchange.Redis's own text is left out: it advises settings (abortConnect) a broker does not take.
    private static RedisConnectorException Unreachable(string host, int port, string role, RedisConnectionException e) =>
        new($"The stream {role} could not connect to Redis at {host}:{port}: {RedisConnector.Describe(e)}", host, port);

    private static ConfigurationOptions Options(string host, int port, string role)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        // A broker that cannot reach its server should say so now, not retry in the background.
        // Generous operation timeouts: an inline message of a large object can take seconds to move.
        return new ConfigurationOptions
        {
            EndPoints = { { host, port } },
            AbortOnConnectFail = true,
            ConnectTimeout = 5_000,
            ConnectRetry = 1,
            ClientName = "proxystore-stream-" + role,
            SyncTimeout = 60_000,
            AsyncTimeout = 60_000,
        };
    }

    public void Dispose()
    {
        if (_owned)
        {
            Connection.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_owned)
        {
            await Connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}

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

    // StackExchange.Redis's connection failures name the endpoint they tried.
    public static RedisBroker Connect(string host, int port, string role) =>
        new(ConnectionMultiplexer.Connect(Options(host, port, role)), owned: true);

    public static async ValueTask<RedisBroker> ConnectAsync(string host, int port, string role) =>
        new(await ConnectionMultiplexer.ConnectAsync(Options(host, port, role)).ConfigureAwait(false), owned: true);

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

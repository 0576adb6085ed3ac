using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace ProxyStore.Connectors;

/// <summary>
/// One <see cref="ConnectionMultiplexer"/> per server and connection settings for the whole
/// process, shared by every <see cref="RedisConnector"/> that uses them and disposed when the
/// last of those connectors closes. A multiplexer is built to be shared: it pipelines the
/// commands of many threads over one connection.
/// </summary>
internal static class RedisConnections
{
    private static readonly Dictionary<Settings, Entry> Entries = [];
    private static readonly Lock Gate = new();

    /// <summary>
    /// A multiplexer for <paramref name="settings"/>, connecting if no connector holds one;
    /// <see cref="Lease.Dispose"/> gives it back.
    /// </summary>
    /// <exception cref="RedisConnectionException">The server could not be reached or refused the login.</exception>
    public static Lease Acquire(Settings settings, string? password)
    {
        Entry entry;
        lock (Gate)
        {
            if (!Entries.TryGetValue(settings, out entry!))
            {
                entry = new Entry(settings, new Lazy<ConnectionMultiplexer>(() => Connect(settings, password), LazyThreadSafetyMode.ExecutionAndPublication));
                Entries.Add(settings, entry);
            }

            entry.References++;
        }

        try
        {
            return new Lease(entry, entry.Connection.Value);
        }
        catch
        {
            // The failure stays with the callers that shared this attempt; the next caller
            // connects afresh.
            lock (Gate)
            {
                entry.References--;
                if (Entries.TryGetValue(settings, out Entry? current) && current == entry)
                {
                    Entries.Remove(settings);
                }
            }

            throw;
        }
    }

    /// <summary>How many multiplexers are open; for tests.</summary>
    internal static int OpenCount
    {
        get
        {
            lock (Gate)
            {
                return Entries.Count;
            }
        }
    }

    private static void Release(Entry entry)
    {
        bool last;
        lock (Gate)
        {
            last = --entry.References == 0;
            if (last && Entries.TryGetValue(entry.Settings, out Entry? current) && current == entry)
            {
                Entries.Remove(entry.Settings);
            }
        }

        if (last)
        {
            bool hung = entry.Guard.IsWaitingForServer;
            entry.Guard.Dispose();
            ConnectionMultiplexer multiplexer = entry.Connection.Value;
            if (hung)
            {
                // Letting queued commands complete means sending QUIT and waiting for its answer,
                // which a hung server would make the close wait out for the whole operation timeout.
                multiplexer.Close(allowCommandsToComplete: false);
            }

            multiplexer.Dispose();
        }
    }

    private static ConnectionMultiplexer Connect(Settings settings, string? password)
    {
        var options = new ConfigurationOptions
        {
            EndPoints = { { settings.Host, settings.Port } },
            User = settings.User,
            Password = password,
            Ssl = settings.Ssl,
            ClientName = "proxystore-dotnet",

            // Fail the constructor when the server is not there, within the connect timeout;
            // once connected, the multiplexer reconnects on its own after a server restart.
            AbortOnConnectFail = true,
            ConnectTimeout = settings.ConnectTimeoutMs,
            ConnectRetry = 1,
            SyncTimeout = settings.OperationTimeoutMs,
            AsyncTimeout = settings.OperationTimeoutMs,

            // While the server is down, operations fail at once instead of queuing up. (A server
            // that is connected but does not answer is RedisHangGuard's job.)
            BacklogPolicy = BacklogPolicy.FailFast,
            ReconnectRetryPolicy = new ExponentialRetry(250, 2000),
        };
        return ConnectionMultiplexer.Connect(options);
    }

    /// <summary>What makes two connectors share a multiplexer. Holds a hash of the password, never the password.</summary>
    internal sealed record Settings(string Host, int Port, string? User, string? PasswordHash, bool Ssl, int ConnectTimeoutMs, int OperationTimeoutMs)
    {
        public static string? Hash(string? password) =>
            password is null ? null : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(password)));
    }

    /// <summary>One connector's hold on a shared multiplexer.</summary>
    internal sealed class Lease : IDisposable
    {
        private readonly Entry _entry;
        private int _released;

        internal Lease(Entry entry, ConnectionMultiplexer multiplexer)
        {
            _entry = entry;
            Multiplexer = multiplexer;
        }

        public ConnectionMultiplexer Multiplexer { get; }

        /// <summary>Whether the multiplexer's server hung, shared by every connector on it.</summary>
        public RedisHangGuard Guard => _entry.Guard;

        /// <summary>Gives the multiplexer back; the last lease disposes it. Idempotent.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Release(_entry);
            }
        }
    }

    internal sealed class Entry(Settings settings, Lazy<ConnectionMultiplexer> connection)
    {
        public Settings Settings { get; } = settings;

        public Lazy<ConnectionMultiplexer> Connection { get; } = connection;

        public RedisHangGuard Guard { get; } = new(connection);

        // Guarded by Gate.
        public int References { get; set; }
    }
}

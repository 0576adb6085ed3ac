using System.Net;
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
    private static long s_syncConnects;
    private static long s_asyncConnects;

    /// <summary>
    /// A multiplexer for <paramref name="settings"/>, connecting (blocking) if no connector holds one;
    /// <see cref="Lease.Dispose"/> gives it back.
    /// </summary>
    /// <exception cref="RedisConnectionException">The server could not be reached or refused the login.</exception>
    public static Lease Acquire(Settings settings, string? password)
    {
        (Entry entry, bool connects) = Join(settings);
        if (connects)
        {
            ConnectionMultiplexer multiplexer;
            try
            {
                Interlocked.Increment(ref s_syncConnects);
                multiplexer = ConnectionMultiplexer.Connect(Options(settings, password));
            }
            catch (Exception e)
            {
                Abandon(entry, e);
                throw;
            }

            entry.Connected.SetResult(multiplexer);
            return new Lease(entry, multiplexer);
        }

        try
        {
            // Another caller is connecting: a synchronous caller waits for it as it would for its own connect.
            return new Lease(entry, entry.Connected.Task.GetAwaiter().GetResult());
        }
        catch
        {
            Release(entry);
            throw;
        }
    }

    /// <summary>
    /// A multiplexer for <paramref name="settings"/>, connecting without blocking a thread if no
    /// connector holds one; <see cref="Lease.Dispose"/> gives it back.
    /// </summary>
    /// <param name="settings">The server and connection settings.</param>
    /// <param name="password">The password, if any.</param>
    /// <param name="cancellationToken">Stops this caller's wait; a connect already under way runs on for the others.</param>
    /// <exception cref="RedisConnectionException">The server could not be reached or refused the login.</exception>
    public static async ValueTask<Lease> AcquireAsync(Settings settings, string? password, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        (Entry entry, bool connects) = Join(settings);
        if (connects)
        {
            ConnectionMultiplexer multiplexer;
            try
            {
                // Not cancelled by this caller's token: other callers may be waiting for this connect,
                // and it ends within the connect timeout anyway.
                Interlocked.Increment(ref s_asyncConnects);
                multiplexer = await ConnectionMultiplexer.ConnectAsync(Options(settings, password)).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Abandon(entry, e);
                throw;
            }

            entry.Connected.SetResult(multiplexer);
            if (cancellationToken.IsCancellationRequested)
            {
                Release(entry);
                cancellationToken.ThrowIfCancellationRequested();
            }

            return new Lease(entry, multiplexer);
        }

        try
        {
            return new Lease(entry, await entry.Connected.Task.WaitAsync(cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            Release(entry);
            throw;
        }
    }

    /// <summary>Takes a reference on the entry for <paramref name="settings"/>, making it if there is none; then the caller connects.</summary>
    private static (Entry Entry, bool Connects) Join(Settings settings)
    {
        lock (Gate)
        {
            bool connects = !Entries.TryGetValue(settings, out Entry? entry);
            if (entry is null)
            {
                entry = new Entry(settings);
                Entries.Add(settings, entry);
            }

            entry.References++;
            return (entry, connects);
        }
    }

    /// <summary>
    /// A failed connect: the failure stays with the callers that shared this attempt (they get
    /// it from the task); the next caller connects afresh.
    /// </summary>
    private static void Abandon(Entry entry, Exception failure)
    {
        lock (Gate)
        {
            if (Entries.TryGetValue(entry.Settings, out Entry? current) && current == entry)
            {
                Entries.Remove(entry.Settings);
            }
        }

        Release(entry);
        entry.Connected.SetException(failure);

        // The connecting caller rethrows the failure itself; with no waiter, the task's copy would
        // otherwise surface again as an unobserved task exception.
        _ = entry.Connected.Task.Exception;
    }

    /// <summary>How many blocking connects this process started; for tests.</summary>
    internal static long SyncConnects => Interlocked.Read(ref s_syncConnects);

    /// <summary>How many asynchronous connects this process started; for tests.</summary>
    internal static long AsyncConnects => Interlocked.Read(ref s_asyncConnects);

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
            if (!entry.Connected.Task.IsCompletedSuccessfully)
            {
                // The last reference left before or because the connect failed: nothing to close.
                return;
            }

            IConnectionMultiplexer multiplexer = entry.Connected.Task.Result;
            if (hung)
            {
                // Letting queued commands complete means sending QUIT and waiting for its answer,
                // which a hung server would make the close wait out for the whole operation timeout.
                multiplexer.Close(allowCommandsToComplete: false);
            }

            multiplexer.Dispose();
        }
    }

    private static ConfigurationOptions Options(Settings settings, string? password)
    {
        return new ConfigurationOptions
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
    }

    /// <summary>What makes two connectors share a multiplexer. Holds a hash of the password, never the password.</summary>
    internal sealed record Settings(string Host, int Port, string? User, string? PasswordHash, bool Ssl, int ConnectTimeoutMs, int OperationTimeoutMs)
    {
        public static string? Hash(string? password) =>
            password is null ? null : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(password)));
    }

    /// <summary>
    /// One connector's hold on a multiplexer: a shared one from the pool, given back on
    /// <see cref="Dispose"/>, or one the caller lent (<see cref="Borrow"/>), which the lease never
    /// disposes.
    /// </summary>
    internal sealed class Lease : IDisposable
    {
        // Null for a borrowed multiplexer: it is not in the pool and the caller owns it.
        private readonly Entry? _entry;
        private int _released;

        internal Lease(Entry entry, IConnectionMultiplexer multiplexer)
        {
            _entry = entry;
            Multiplexer = multiplexer;
            Guard = entry.Guard;
        }

        private Lease(IConnectionMultiplexer multiplexer, EndPoint endPoint)
        {
            Multiplexer = multiplexer;
            EndPoint = endPoint;

            // The caller's multiplexer may serve other code too; the guard only speaks for this connector.
            Guard = new RedisHangGuard(Task.FromResult(multiplexer));
        }

        public IConnectionMultiplexer Multiplexer { get; }

        /// <summary>Whether the multiplexer's server hung: shared by every connector on a pooled multiplexer, this connector's own on a borrowed one.</summary>
        public RedisHangGuard Guard { get; }

        /// <summary>The caller's server, for a borrowed multiplexer; null for a pooled one, which connects to the host and port it was asked for.</summary>
        public EndPoint? EndPoint { get; }

        /// <summary>Whether the multiplexer is the caller's: the lease never disposes it.</summary>
        public bool IsBorrowed => _entry is null;

        /// <summary>A lease on the caller's <paramref name="multiplexer"/> and its server <paramref name="endPoint"/>, outside the pool.</summary>
        public static Lease Borrow(IConnectionMultiplexer multiplexer, EndPoint endPoint) => new(multiplexer, endPoint);

        /// <summary>The server the connector's keys are on.</summary>
        public IServer Server(string host, int port) =>
            EndPoint is null ? Multiplexer.GetServer(host, port) : Multiplexer.GetServer(EndPoint);

        /// <summary>Gives a pooled multiplexer back (the last lease disposes it); a borrowed one stays open. Idempotent.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                if (_entry is null)
                {
                    Guard.Dispose();
                }
                else
                {
                    Release(_entry);
                }
            }
        }
    }

    internal sealed class Entry
    {
        public Entry(Settings settings)
        {
            Settings = settings;

            // The first caller connects and completes this; the others, synchronous or not, wait for it.
            Connected = new TaskCompletionSource<IConnectionMultiplexer>(TaskCreationOptions.RunContinuationsAsynchronously);
            Guard = new RedisHangGuard(Connected.Task);
        }

        public Settings Settings { get; }

        public TaskCompletionSource<IConnectionMultiplexer> Connected { get; }

        public RedisHangGuard Guard { get; }

        // Guarded by Gate.
        public int References { get; set; }
    }
}

using StackExchange.Redis;

namespace ProxyStore.Connectors;

/// <summary>
/// Remembers, for one multiplexer (shared from the pool, or the caller's), that its server stopped answering. After an
/// operation times out, every <see cref="RedisConnector"/> on the multiplexer fails its calls at
/// once instead of each waiting out the operation timeout in turn, and a background probe
/// notices when the server answers again, so that calls recover by themselves.
/// </summary>
/// <remarks>
/// A server that accepts connections but does not answer (stopped, swapping, stuck in a long
/// script) is the case StackExchange.Redis cannot fail fast on: the connection looks healthy,
/// so every call is sent and waits for its full timeout.
/// </remarks>
internal sealed class RedisHangGuard : IDisposable
{
    /// <summary>How long the probe waits after a failed <c>PING</c> before it sends the next one.</summary>
    internal static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(250);

    private readonly Task<IConnectionMultiplexer> _connection;
    private readonly Lock _gate = new();
    private bool _waiting;
    private bool _disposed;
    private CancellationTokenSource? _stop;
    private Task _probe = Task.CompletedTask;

    /// <summary>Creates a guard for the multiplexer <paramref name="connection"/> completes with; nothing runs until a timeout is reported.</summary>
    public RedisHangGuard(Task<IConnectionMultiplexer> connection) => _connection = connection;

    /// <summary>Whether an operation timed out and the server has not answered since: calls fail fast.</summary>
    public bool IsWaitingForServer => Volatile.Read(ref _waiting);

    /// <summary>The running probe, or a completed task; for tests.</summary>
    internal Task Probe
    {
        get
        {
            lock (_gate)
            {
                return _probe;
            }
        }
    }

    /// <summary>
    /// Records that an operation timed out: from now on calls fail fast, and a probe runs until
    /// the server answers a <c>PING</c> or the guard is disposed. Further reports while the
    /// probe runs change nothing.
    /// </summary>
    public void ReportTimeout()
    {
        lock (_gate)
        {
            if (_waiting || _disposed)
            {
                return;
            }

            Volatile.Write(ref _waiting, true);
            _stop ??= new CancellationTokenSource();
            CancellationToken stop = _stop.Token;
            _probe = Task.Run(() => ProbeUntilAnsweredAsync(stop), CancellationToken.None);
        }
    }

    /// <summary>Stops the probe; called before the multiplexer is disposed. Idempotent.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _stop?.Cancel();
            _stop?.Dispose();
        }
    }

    private async Task ProbeUntilAnsweredAsync(CancellationToken stop)
    {
        try
        {
            await PingUntilAnsweredAsync(stop).ConfigureAwait(false);
        }
        finally
        {
            // Whatever ended the probe (an answer, disposal, or a failure nobody expected, which
            // faults this task), calls must not fail fast with nothing left to end it: they go
            // to the server again, and the next timeout starts a new probe.
            lock (_gate)
            {
                Volatile.Write(ref _waiting, false);
            }
        }
    }

    private async Task PingUntilAnsweredAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            // One PING at a time, waited for as long as it takes: a hung server answers the
            // commands queued on its connection in order once it runs again, so sending more
            // PINGs would only lengthen that queue. StackExchange.Redis fails this PING after the
            // operation timeout, or at once when the connection breaks, and then we send another.
            Task<bool> ping = PingAsync();
            await ((Task)ping.WaitAsync(stop)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stop.IsCancellationRequested)
            {
                return;
            }

            if (await ping.ConfigureAwait(false))
            {
                return;
            }

            await Task.Delay(ProbeInterval, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            IConnectionMultiplexer multiplexer = await _connection.ConfigureAwait(false);
            await multiplexer.GetDatabase().PingAsync().ConfigureAwait(false);
            return true;
        }
        catch (Exception)
        {
            // Whatever the PING failed with (it timed out, the connection broke, the multiplexer
            // was disposed while we waited, or a cancellation), it means "not answered yet": the
            // probe tries again or stops. Nothing else reads this task once the probe stopped,
            // so letting it fault would only surface as an unobserved task exception. Callers
            // meanwhile get the fail-fast error, which names the timeout that started this.
            return false;
        }
    }
}

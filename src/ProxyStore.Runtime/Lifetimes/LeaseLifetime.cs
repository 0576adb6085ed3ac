namespace ProxyStore;

/// <summary>
/// A lifetime that closes itself when its lease expires, unless extended first; closing it
/// before then evicts at once. Time comes from a <see cref="TimeProvider"/>, so tests can drive it.
/// </summary>
public sealed class LeaseLifetime : ILifetime, IDisposable, IAsyncDisposable
{
    private static int s_count;
    private readonly LifetimeKeys _keys;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly object _gate = new();
    private readonly int _id = Interlocked.Increment(ref s_count);
    private DateTimeOffset _expiresAt;

    /// <summary>Makes an open lifetime for keys of <paramref name="store"/> that expires after <paramref name="expiry"/>.</summary>
    /// <param name="store">The store whose keys it holds.</param>
    /// <param name="expiry">How long from now the lease lasts; positive.</param>
    /// <param name="timeProvider">The clock and timer; <see cref="TimeProvider.System"/> when null.</param>
    public LeaseLifetime(Store store, TimeSpan expiry, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(expiry, TimeSpan.Zero);
        _keys = new LifetimeKeys(this, store);
        _time = timeProvider ?? TimeProvider.System;
        _expiresAt = _time.GetUtcNow() + expiry;
        // One-shot: an Extend reschedules it rather than adding timers.
        _timer = _time.CreateTimer(static state => ((LeaseLifetime)state!).OnTimer(), this, expiry, Timeout.InfiniteTimeSpan);
    }

    /// <inheritdoc/>
    public Store Store => _keys.Store!;

    /// <inheritdoc/>
    public bool IsDone => _keys.IsDone;

    /// <summary>When the lease expires and the lifetime closes itself.</summary>
    public DateTimeOffset ExpiresAt
    {
        get
        {
            lock (_gate)
            {
                return _expiresAt;
            }
        }
    }

    /// <summary>Pushes the expiry back by <paramref name="amount"/>.</summary>
    /// <exception cref="InvalidOperationException">The lifetime is closed (expired or closed by hand).</exception>
    public void Extend(TimeSpan amount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(amount, TimeSpan.Zero);
        lock (_gate)
        {
            _keys.ThrowIfDone();
            _expiresAt += amount;
            _timer.Change(Remaining(), Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// Moves the expiry to <paramref name="expiresAt"/>, even when that is sooner than the current
    /// one (as Python's <c>extend</c> with a <c>datetime</c>); a time already past expires the lease at once.
    /// </summary>
    /// <exception cref="InvalidOperationException">The lifetime is closed (expired or closed by hand).</exception>
    public void Extend(DateTimeOffset expiresAt)
    {
        lock (_gate)
        {
            _keys.ThrowIfDone();
            _expiresAt = expiresAt;
            _timer.Change(Remaining(), Timeout.InfiniteTimeSpan);
        }
    }

    /// <inheritdoc/>
    public void AddKey(params StoreKey[] keys) => _keys.AddKey(keys);

    /// <inheritdoc/>
    public void AddKey(Store store, params StoreKey[] keys) => _keys.AddKey(store, keys);

    /// <inheritdoc/>
    public void AddProxy(params object[] proxies) => _keys.AddProxy(proxies);

    /// <inheritdoc/>
    /// <exception cref="AggregateException">Some evictions failed; the others still happened.</exception>
    public void Close() => _keys.Evict(StopAndTake());

    /// <inheritdoc/>
    /// <remarks>A cancelled close is still a close: the objects not evicted yet stay stored.</remarks>
    public ValueTask CloseAsync(CancellationToken cancellationToken = default) => _keys.EvictAsync(StopAndTake(), cancellationToken);

    /// <summary>Closes the lifetime before it expires: <see cref="Close"/>.</summary>
    public void Dispose() => Close();

    /// <summary>Closes the lifetime before it expires: <see cref="CloseAsync"/>.</summary>
    public ValueTask DisposeAsync() => CloseAsync();

    /// <inheritdoc/>
    public override string ToString() => $"LeaseLifetime#{_id}(store={Store.Name}, expiresAt={ExpiresAt:O})";

    /// <summary>
    /// Stops the timer and marks the lifetime closed in one step under the lock <see cref="Extend(TimeSpan)"/>
    /// takes, so an Extend never reschedules a disposed timer; the evictions run outside the lock.
    /// </summary>
    private List<(Store Store, StoreKey Key)>? StopAndTake()
    {
        lock (_gate)
        {
            _timer.Dispose();
            return _keys.TakeForClose();
        }
    }

    private TimeSpan Remaining()
    {
        TimeSpan left = _expiresAt - _time.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            // An Extend that raced the timer moved the expiry: wait for the new one.
            TimeSpan left = _expiresAt - _time.GetUtcNow();
            if (left > TimeSpan.Zero)
            {
                _timer.Change(left, Timeout.InfiniteTimeSpan);
                return;
            }
        }

        try
        {
            Close();
        }
        catch (AggregateException)
        {
            // A timer thread has no caller to hand failed evictions to, and throwing here would
            // end the process; the objects that could not be evicted stay stored.
        }
    }
}

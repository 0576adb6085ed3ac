namespace ProxyStore;

/// <summary>
/// How a future's result and proxies wait for the value: they check the store, sleep
/// <see cref="Interval"/>, multiply the interval by <see cref="BackoffFactor"/> up to
/// <see cref="IntervalLimit"/>, and give up after <see cref="Timeout"/>. The defaults are
/// Python ProxyStore's: 1 s, no backoff, no limit, no timeout.
/// </summary>
/// <remarks>
/// Connectors that announce sets wake a waiter as soon as the value is set: a
/// <c>RedisConnector</c> (package ProxyStore.Redis) in any process (pub/sub), a
/// <see cref="Connectors.LocalConnector"/> in its process, and a
/// <see cref="Connectors.MultiConnector"/> through those. Then the interval only bounds how late
/// a waiter that missed the announcement notices. A <see cref="Connectors.FileConnector"/> announces
/// nothing (file system notifications are unreliable on the shared file systems it is for), so
/// its waiters see a value at their next poll.
/// The options travel with a future's proxy to other processes.
/// </remarks>
public sealed record PollingOptions
{
    /// <summary>The defaults: 1 s, factor 1, no interval limit, no timeout.</summary>
    public static PollingOptions Default { get; } = new();

    /// <summary>The first sleep between two checks. Positive; default 1 s.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>What each sleep is multiplied by for the next one. Positive; default 1 (no backoff).</summary>
    public double BackoffFactor { get; init; } = 1;

    /// <summary>The longest sleep the backoff grows to, or <see langword="null"/> for no limit.</summary>
    public TimeSpan? IntervalLimit { get; init; }

    /// <summary>How long to wait in all before a <see cref="TimeoutException"/>, or <see langword="null"/> to wait forever.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Throws when an option is out of range; <paramref name="owner"/> names what they belong to.</summary>
    internal void Validate(string owner)
    {
        if (Interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Interval), Interval, $"The polling interval of {owner} must be positive.");
        }

        if (!(BackoffFactor > 0) || double.IsInfinity(BackoffFactor))
        {
            throw new ArgumentOutOfRangeException(nameof(BackoffFactor), BackoffFactor, $"The polling backoff factor of {owner} must be a positive number.");
        }

        if (IntervalLimit is { } limit && limit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(IntervalLimit), limit, $"The polling interval limit of {owner} must be positive.");
        }

        if (Timeout is { } timeout && timeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), timeout, $"The polling timeout of {owner} cannot be negative.");
        }
    }

    /// <summary>The sleep after one of <paramref name="interval"/>.</summary>
    internal TimeSpan Next(TimeSpan interval)
    {
        // Capped at a day: a large factor must not overflow TimeSpan, and no waiter wants longer.
        double ticks = Math.Min(interval.Ticks * BackoffFactor, TimeSpan.TicksPerDay);
        var next = TimeSpan.FromTicks(Math.Max(1, (long)ticks));
        return IntervalLimit is { } limit && next > limit ? limit : next;
    }
}

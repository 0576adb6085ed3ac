namespace ProxyStore;

/// <summary>
/// Running statistics of one timed event, in Stopwatch ticks; the owner's lock guards it. A
/// struct without references. The default value is an accumulator that has seen nothing.
/// </summary>
internal struct TimeAccumulator
{
    private long _count;
    private long _totalTicks;
    private long _minTicks;
    private long _maxTicks;
    private long _lastTicks;
    private long _lastTimestamp;

    /// <summary>An accumulator holding what <see cref="KeyMetrics"/> keeps of a time recorded more than once.</summary>
    public static TimeAccumulator FromTicks(long count, long total, long min, long max, long last, long lastTimestamp) => new()
    {
        _count = count,
        _totalTicks = total,
        _minTicks = min,
        _maxTicks = max,
        _lastTicks = last,
        _lastTimestamp = lastTimestamp,
    };

    public void Add(Duration duration, long endTimestamp) => AddTicks(duration.StopwatchTicks, endTimestamp);

    public void AddTicks(long ticks, long endTimestamp)
    {
        if (_count == 0 || ticks < _minTicks)
        {
            _minTicks = ticks;
        }

        if (ticks > _maxTicks)
        {
            _maxTicks = ticks;
        }

        _count++;
        _totalTicks += ticks;
        _lastTicks = ticks;
        _lastTimestamp = endTimestamp;
    }

    public readonly TimeStats Snapshot()
    {
        double min = new Duration(_minTicks).TotalMilliseconds;
        double max = new Duration(_maxTicks).TotalMilliseconds;

        // The mean of converted ticks can be a rounding error outside [min, max]; the
        // invariant Min <= Avg <= Max must hold.
        double average = Math.Clamp(new Duration(_totalTicks).TotalMilliseconds / _count, min, max);
        return new TimeStats(_count, average, min, max, new Duration(_lastTicks).TotalMilliseconds, WallClock.FromTimestamp(_lastTimestamp));
    }
}

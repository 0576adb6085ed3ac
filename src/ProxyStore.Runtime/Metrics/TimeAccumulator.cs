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

    /// <summary>How many times were added.</summary>
    public readonly long Count => _count;

    /// <summary>An accumulator that has seen one time of <paramref name="ticks"/>, ending at <paramref name="endTimestamp"/>.</summary>
    public static TimeAccumulator Of(long ticks, long endTimestamp)
    {
        var time = default(TimeAccumulator);
        time.AddTicks(ticks, endTimestamp);
        return time;
    }

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

    /// <summary>Adds what <paramref name="other"/> has seen: as <see cref="TimeStats"/>' <c>+</c>, in ticks.</summary>
    public void Merge(in TimeAccumulator other)
    {
        if (other._count == 0)
        {
            return;
        }

        if (_count == 0)
        {
            this = other;
            return;
        }

        _count += other._count;
        _totalTicks += other._totalTicks;
        _minTicks = Math.Min(_minTicks, other._minTicks);
        _maxTicks = Math.Max(_maxTicks, other._maxTicks);
        if (other._lastTimestamp >= _lastTimestamp)
        {
            _lastTicks = other._lastTicks;
            _lastTimestamp = other._lastTimestamp;
        }
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

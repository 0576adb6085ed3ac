namespace ProxyStore;

/// <summary>
/// Running statistics of one timed event; the owner's lock guards it. A struct without
/// references, so the arrays that hold one per metric are single objects the GC never scans.
/// The default value is an accumulator that has seen nothing.
/// </summary>
internal struct TimeAccumulator
{
    private long _count;
    private double _totalMs;
    private double _minMs;
    private double _maxMs;
    private double _lastMs;
    private long _lastTimestamp;

    public void Add(Duration duration, long endTimestamp)
    {
        double ms = duration.TotalMilliseconds;
        if (_count == 0 || ms < _minMs)
        {
            _minMs = ms;
        }

        if (ms > _maxMs)
        {
            _maxMs = ms;
        }

        _count++;
        _totalMs += ms;
        _lastMs = ms;
        _lastTimestamp = endTimestamp;
    }

    public readonly TimeStats Snapshot()
    {
        double average = _totalMs / _count;

        // Summing in a different order than the min/max comparisons can leave the mean a
        // rounding error outside [min, max]; the invariant Min <= Avg <= Max must hold.
        average = Math.Clamp(average, _minMs, _maxMs);
        return new TimeStats(_count, average, _minMs, _maxMs, _lastMs, WallClock.FromTimestamp(_lastTimestamp));
    }
}

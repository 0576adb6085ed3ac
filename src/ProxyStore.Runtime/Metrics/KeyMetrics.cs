namespace ProxyStore;

/// <summary>
/// The mutable metrics of one <see cref="MetricsKey"/>. Each entry has its own lock, so
/// operations on different keys never contend and no store-wide lock is ever taken.
/// Once a name has been recorded, recording it again allocates nothing.
/// </summary>
internal sealed class KeyMetrics
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, AttributeValue> _attributes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _counters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TimeAccumulator> _times = new(StringComparer.Ordinal);

    public void SetAttribute(string name, long value)
    {
        lock (_lock)
        {
            _attributes[name] = new AttributeValue(value, null);
        }
    }

    public void SetAttribute(string name, object value)
    {
        lock (_lock)
        {
            _attributes[name] = new AttributeValue(0, value);
        }
    }

    public void AddCounter(string name, long value)
    {
        lock (_lock)
        {
            AddCounterLocked(name, value);
        }
    }

    public void AddTime(string name, Duration duration, long endTimestamp)
    {
        lock (_lock)
        {
            AddTimeLocked(name, duration, endTimestamp);
        }
    }

    /// <summary>Records a counter and a time under one lock (the cache-hit path).</summary>
    public void AddCounterAndTime(string counter, string timeName, Duration duration, long endTimestamp)
    {
        lock (_lock)
        {
            AddCounterLocked(counter, 1);
            AddTimeLocked(timeName, duration, endTimestamp);
        }
    }

    public Metrics Snapshot()
    {
        lock (_lock)
        {
            var attributes = new SortedDictionary<string, object>(StringComparer.Ordinal);
            foreach (var (name, value) in _attributes)
            {
                attributes[name] = value.Boxed;
            }

            var counters = new SortedDictionary<string, long>(_counters, StringComparer.Ordinal);
            var times = new SortedDictionary<string, TimeStats>(StringComparer.Ordinal);
            foreach (var (name, accumulator) in _times)
            {
                times[name] = accumulator.Snapshot();
            }

            return new Metrics(attributes, counters, times);
        }
    }

    /// <summary>Adds this entry's time statistics into <paramref name="totals"/>.</summary>
    public void AccumulateTimes(Dictionary<string, TimeStats> totals)
    {
        lock (_lock)
        {
            foreach (var (name, accumulator) in _times)
            {
                totals[name] = totals.TryGetValue(name, out TimeStats? sum) ? sum + accumulator.Snapshot() : accumulator.Snapshot();
            }
        }
    }

    private void AddCounterLocked(string name, long value)
    {
        ref long slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_counters, name, out _);
        slot += value;
    }

    private void AddTimeLocked(string name, Duration duration, long endTimestamp)
    {
        ref TimeAccumulator? slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_times, name, out _);
        slot ??= new TimeAccumulator();
        slot.Add(duration, endTimestamp);
    }

    /// <summary>An attribute kept unboxed when it is a number, so sizes cost no allocation per put.</summary>
    private readonly record struct AttributeValue(long Number, object? Other)
    {
        public object Boxed => Other ?? Number;
    }
}

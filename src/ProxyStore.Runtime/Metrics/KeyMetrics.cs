using System.Runtime.InteropServices;

namespace ProxyStore;

/// <summary>
/// The mutable metrics of one <see cref="MetricsKey"/>. Each entry has its own lock, so
/// operations on different keys never contend and no store-wide lock is ever taken. The
/// guide's metrics live in fixed slots; other names in dictionaries made on first use.
/// Once a metric has been recorded, recording it again allocates nothing.
/// </summary>
internal sealed class KeyMetrics
{
    private readonly Lock _lock = new();
    private readonly TimeAccumulator?[] _times = new TimeAccumulator?[KnownMetrics.TimeNames.Length];
    private readonly long?[] _counters = new long?[KnownMetrics.CounterNames.Length];
    private readonly long?[] _sizes = new long?[KnownMetrics.SizeNames.Length];
    private Dictionary<string, TimeAccumulator>? _customTimes;
    private Dictionary<string, long>? _customCounters;
    private Dictionary<string, object>? _customAttributes;

    public void AddTime(TimeMetric metric, Duration duration, long endTimestamp)
    {
        lock (_lock)
        {
            (_times[(int)metric] ??= new TimeAccumulator()).Add(duration, endTimestamp);
        }
    }

    public void AddCounter(CounterMetric metric, long value)
    {
        lock (_lock)
        {
            _counters[(int)metric] = _counters[(int)metric].GetValueOrDefault() + value;
        }
    }

    /// <summary>Records a counter and a time under one lock (the cache-hit path).</summary>
    public void AddCounterAndTime(CounterMetric counter, TimeMetric time, Duration duration, long endTimestamp)
    {
        lock (_lock)
        {
            _counters[(int)counter] = _counters[(int)counter].GetValueOrDefault() + 1;
            (_times[(int)time] ??= new TimeAccumulator()).Add(duration, endTimestamp);
        }
    }

    public void SetSize(SizeMetric metric, long bytes)
    {
        lock (_lock)
        {
            _sizes[(int)metric] = bytes;
            _customAttributes?.Remove(metric.Name());
        }
    }

    public void AddTime(string name, Duration duration, long endTimestamp)
    {
        if (KnownMetrics.TryGetTime(name, out TimeMetric known))
        {
            AddTime(known, duration, endTimestamp);
            return;
        }

        lock (_lock)
        {
            ref TimeAccumulator? slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_customTimes ??= new(StringComparer.Ordinal), name, out _);
            (slot ??= new TimeAccumulator()).Add(duration, endTimestamp);
        }
    }

    public void AddCounter(string name, long value)
    {
        if (KnownMetrics.TryGetCounter(name, out CounterMetric known))
        {
            AddCounter(known, value);
            return;
        }

        lock (_lock)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_customCounters ??= new(StringComparer.Ordinal), name, out _) += value;
        }
    }

    public void SetAttribute(string name, object value)
    {
        lock (_lock)
        {
            // A guide size set to a long keeps its slot; any other value replaces it as given.
            if (KnownMetrics.TryGetSize(name, out SizeMetric known))
            {
                if (value is long bytes)
                {
                    _sizes[(int)known] = bytes;
                    _customAttributes?.Remove(name);
                    return;
                }

                _sizes[(int)known] = null;
            }

            (_customAttributes ??= new(StringComparer.Ordinal))[name] = value;
        }
    }

    public Metrics Snapshot()
    {
        lock (_lock)
        {
            var attributes = new SortedDictionary<string, object>(StringComparer.Ordinal);
            var counters = new SortedDictionary<string, long>(StringComparer.Ordinal);
            var times = new SortedDictionary<string, TimeStats>(StringComparer.Ordinal);
            for (int i = 0; i < _sizes.Length; i++)
            {
                if (_sizes[i] is long size)
                {
                    attributes[KnownMetrics.SizeNames[i]] = size;
                }
            }

            for (int i = 0; i < _counters.Length; i++)
            {
                if (_counters[i] is long count)
                {
                    counters[KnownMetrics.CounterNames[i]] = count;
                }
            }

            ForEachTime((name, accumulator) => times[name] = accumulator.Snapshot());
            foreach (var (name, value) in _customAttributes ?? [])
            {
                attributes[name] = value;
            }

            foreach (var (name, value) in _customCounters ?? [])
            {
                counters[name] = value;
            }

            return new Metrics(attributes, counters, times);
        }
    }

    /// <summary>Adds this entry's time statistics into <paramref name="totals"/>.</summary>
    public void AccumulateTimes(Dictionary<string, TimeStats> totals)
    {
        lock (_lock)
        {
            ForEachTime((name, accumulator) =>
            {
                TimeStats stats = accumulator.Snapshot();
                totals[name] = totals.TryGetValue(name, out TimeStats? sum) ? sum + stats : stats;
            });
        }
    }

    private void ForEachTime(Action<string, TimeAccumulator> action)
    {
        for (int i = 0; i < _times.Length; i++)
        {
            if (_times[i] is { } accumulator)
            {
                action(KnownMetrics.TimeNames[i], accumulator);
            }
        }

        foreach (var (name, accumulator) in _customTimes ?? [])
        {
            action(name, accumulator);
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ProxyStore;

/// <summary>
/// The mutable metrics of one <see cref="MetricsKey"/>. Each entry has its own lock, so
/// operations on different keys never contend and no store-wide lock is ever taken. The
/// guide's metrics live in fixed slots; other names in dictionaries made on first use.
/// Once a metric has been recorded, recording it again allocates nothing.
/// </summary>
/// <remarks>
/// A store keeps one entry for every key it ever saw, so entries are kept small and few in
/// objects: the GC's work for a long-lived store grows with both. The counters and sizes are
/// fields; the times of the guide's metrics are structs in one array, grown as metrics
/// appear, and found through a table of slot numbers held inline. The entry locks itself.
/// </remarks>
internal sealed class KeyMetrics
{
    private const int TimeMetricCount = (int)TimeMetric.FactoryPollingResolve + 1;
    private const int CounterMetricCount = (int)CounterMetric.GetCacheMisses + 1;
    private const int SizeMetricCount = (int)SizeMetric.PutBatchObjectSizes + 1;

    // Index + 1 into _times of each TimeMetric; 0 when it was never recorded.
    private TimeSlotTable _timeSlots;
    private TimeAccumulator[] _times = [];
    private int _timeCount;
    private CounterTable _counters;
    private SizeTable _sizes;
    private int _countersSet;
    private int _sizesSet;
    private Dictionary<string, TimeAccumulator>? _customTimes;
    private Dictionary<string, long>? _customCounters;
    private Dictionary<string, object>? _customAttributes;

    static KeyMetrics()
    {
        if (KnownMetrics.TimeNames.Length != TimeMetricCount || KnownMetrics.CounterNames.Length != CounterMetricCount
            || KnownMetrics.SizeNames.Length != SizeMetricCount)
        {
            throw new InvalidOperationException("KeyMetrics and KnownMetrics disagree about the number of the guide's metrics.");
        }
    }

    public void AddTime(TimeMetric metric, Duration duration, long endTimestamp)
    {
        lock (this)
        {
            TimeSlot(metric).Add(duration, endTimestamp);
        }
    }

    public void AddCounter(CounterMetric metric, long value)
    {
        lock (this)
        {
            AddCounterCore(metric, value);
        }
    }

    /// <summary>Records a counter and a time under one lock (the cache-hit path).</summary>
    public void AddCounterAndTime(CounterMetric counter, TimeMetric time, Duration duration, long endTimestamp)
    {
        lock (this)
        {
            AddCounterCore(counter, 1);
            TimeSlot(time).Add(duration, endTimestamp);
        }
    }

    public void SetSize(SizeMetric metric, long bytes)
    {
        lock (this)
        {
            SetSizeCore(metric, bytes);
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

        lock (this)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_customTimes ??= new(StringComparer.Ordinal), name, out _).Add(duration, endTimestamp);
        }
    }

    public void AddCounter(string name, long value)
    {
        if (KnownMetrics.TryGetCounter(name, out CounterMetric known))
        {
            AddCounter(known, value);
            return;
        }

        lock (this)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_customCounters ??= new(StringComparer.Ordinal), name, out _) += value;
        }
    }

    public void SetAttribute(string name, object value)
    {
        lock (this)
        {
            // A guide size set to a long keeps its slot; any other value replaces it as given.
            if (KnownMetrics.TryGetSize(name, out SizeMetric known))
            {
                if (value is long bytes)
                {
                    SetSizeCore(known, bytes);
                    _customAttributes?.Remove(name);
                    return;
                }

                _sizesSet &= ~(1 << (int)known);
            }

            (_customAttributes ??= new(StringComparer.Ordinal))[name] = value;
        }
    }

    public Metrics Snapshot()
    {
        lock (this)
        {
            var attributes = new SortedDictionary<string, object>(StringComparer.Ordinal);
            var counters = new SortedDictionary<string, long>(StringComparer.Ordinal);
            var times = new SortedDictionary<string, TimeStats>(StringComparer.Ordinal);
            for (int i = 0; i < SizeMetricCount; i++)
            {
                if ((_sizesSet & (1 << i)) != 0)
                {
                    attributes[KnownMetrics.SizeNames[i]] = _sizes[i];
                }
            }

            for (int i = 0; i < CounterMetricCount; i++)
            {
                if ((_countersSet & (1 << i)) != 0)
                {
                    counters[KnownMetrics.CounterNames[i]] = _counters[i];
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
        lock (this)
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
        for (int i = 0; i < TimeMetricCount; i++)
        {
            int slot = _timeSlots[i];
            if (slot != 0)
            {
                action(KnownMetrics.TimeNames[i], _times[slot - 1]);
            }
        }

        foreach (var (name, accumulator) in _customTimes ?? [])
        {
            action(name, accumulator);
        }
    }

    /// <summary>The accumulator of <paramref name="metric"/>, made on first use; call under the lock.</summary>
    private ref TimeAccumulator TimeSlot(TimeMetric metric)
    {
        int slot = _timeSlots[(int)metric];
        if (slot == 0)
        {
            if (_timeCount == _times.Length)
            {
                // A put records three times, an evict two more, a get miss three: small steps
                // keep a long-lived entry close to the size it needs.
                Array.Resize(ref _times, Math.Min(TimeMetricCount, _times.Length == 0 ? 3 : _times.Length + 2));
            }

            slot = ++_timeCount;
            _timeSlots[(int)metric] = (byte)slot;
        }

        return ref _times[slot - 1];
    }

    private void AddCounterCore(CounterMetric metric, long value)
    {
        _counters[(int)metric] += value;
        _countersSet |= 1 << (int)metric;
    }

    private void SetSizeCore(SizeMetric metric, long bytes)
    {
        _sizes[(int)metric] = bytes;
        _sizesSet |= 1 << (int)metric;
    }

    [InlineArray(TimeMetricCount)]
    private struct TimeSlotTable
    {
        private byte _first;
    }

    [InlineArray(CounterMetricCount)]
    private struct CounterTable
    {
        private long _first;
    }

    [InlineArray(SizeMetricCount)]
    private struct SizeTable
    {
        private long _first;
    }
}

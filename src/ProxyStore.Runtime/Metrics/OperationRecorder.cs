namespace ProxyStore;

/// <summary>
/// Records one operation's measurements into the store's per-key metrics (when they are
/// on) and the process-wide <see cref="StoreTelemetry"/> meter (when someone listens),
/// so every call site records each measurement once, under one name.
/// </summary>
internal readonly struct OperationRecorder
{
    private readonly string _store;
    private readonly bool _telemetry;

    public OperationRecorder(KeyMetrics? entry, string store)
        : this(entry, store, StoreTelemetry.MetersEnabled)
    {
    }

    /// <summary>For hot paths that already asked whether the meter has listeners.</summary>
    public OperationRecorder(KeyMetrics? entry, string store, bool telemetry)
    {
        Entry = entry;
        _store = store;
        _telemetry = telemetry;
    }

    /// <summary>The key's metrics, which a cache entry can keep to skip the lookup next time.</summary>
    public KeyMetrics? Entry { get; }

    public void Time(TimeMetric metric, long start, long end)
    {
        // A start of 0 means nothing was recording when the operation began.
        if (start == 0)
        {
            return;
        }

        var duration = Duration.Between(start, end);
        Entry?.AddTime(metric, duration, end);
        if (_telemetry)
        {
            StoreTelemetry.RecordDuration(_store, metric.Name(), duration);
        }
    }

    /// <summary>The three times of one operation (two steps and the whole) under one lock.</summary>
    public void Times(TimeMetric first, long firstStart, long firstEnd, TimeMetric second, long secondStart, long secondEnd, TimeMetric whole, long start, long end)
    {
        if (start == 0)
        {
            return;
        }

        Entry?.AddTimes(first, firstStart, firstEnd, second, secondStart, secondEnd, whole, start, end);
        if (_telemetry)
        {
            StoreTelemetry.RecordDuration(_store, first.Name(), Duration.Between(firstStart, firstEnd));
            StoreTelemetry.RecordDuration(_store, second.Name(), Duration.Between(secondStart, secondEnd));
            StoreTelemetry.RecordDuration(_store, whole.Name(), Duration.Between(start, end));
        }
    }

    public void Count(CounterMetric metric)
    {
        Entry?.AddCounter(metric, 1);
        if (_telemetry)
        {
            StoreTelemetry.RecordCount(_store, metric, 1);
        }
    }

    /// <summary>A counter and a time under one lock: the cache-hit path.</summary>
    public void CountAndTime(CounterMetric counter, TimeMetric time, long start, long end)
    {
        if (start == 0)
        {
            Count(counter);
            return;
        }

        var duration = Duration.Between(start, end);
        Entry?.AddCounterAndTime(counter, time, duration, end);
        if (_telemetry)
        {
            StoreTelemetry.RecordCount(_store, counter, 1);
            StoreTelemetry.RecordDuration(_store, time.Name(), duration);
        }
    }

    public void Size(SizeMetric metric, long bytes)
    {
        Entry?.SetSize(metric, bytes);
        if (_telemetry)
        {
            StoreTelemetry.RecordSize(_store, metric, bytes);
        }
    }
}

namespace ProxyStore;

/// <summary>
/// Records one operation's measurements into the store's per-key metrics (when they are
/// on) and the process-wide <see cref="StoreTelemetry"/> meter (when someone listens),
/// so every call site records each measurement once, under one name.
/// </summary>
internal readonly struct OperationRecorder
{
    private readonly KeyMetrics? _entry;
    private readonly string _store;
    private readonly bool _telemetry;

    public OperationRecorder(StoreMetrics? metrics, MetricsKey key, string store)
    {
        _telemetry = StoreTelemetry.MetersEnabled;
        _entry = metrics?.Entry(key);
        _store = store;
    }

    public void Time(string name, long start, long end)
    {
        var duration = Duration.Between(start, end);
        _entry?.AddTime(name, duration, end);
        if (_telemetry)
        {
            StoreTelemetry.RecordDuration(_store, name, duration);
        }
    }

    public void Count(string name, long value = 1)
    {
        _entry?.AddCounter(name, value);
        if (_telemetry)
        {
            StoreTelemetry.RecordCount(_store, name, value);
        }
    }

    /// <summary>A counter and a time under one lock: the cache-hit path.</summary>
    public void CountAndTime(string counter, string timeName, long start, long end)
    {
        var duration = Duration.Between(start, end);
        _entry?.AddCounterAndTime(counter, timeName, duration, end);
        if (_telemetry)
        {
            StoreTelemetry.RecordCount(_store, counter, 1);
            StoreTelemetry.RecordDuration(_store, timeName, duration);
        }
    }

    public void Size(string name, long bytes)
    {
        _entry?.SetAttribute(name, bytes);
        if (_telemetry)
        {
            StoreTelemetry.RecordSize(_store, name, bytes);
        }
    }
}

using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ProxyStore.Tests.Observability;

/// <summary>
/// Listens to the ProxyStore meter and activity source, keeping only what one store
/// (by name) records, so tests running in parallel do not see each other's measurements.
/// </summary>
internal sealed class TelemetryCapture : IDisposable
{
    private readonly string _store;
    private readonly MeterListener _meters = new();
    private readonly ActivityListener _activities;
    private readonly Lock _lock = new();

    /// <param name="store">The store whose measurements to keep.</param>
    /// <param name="instrument">The one instrument to listen to; all of the meter's when null.</param>
    public TelemetryCapture(string store, string? instrument = null)
    {
        _store = store;
        _meters.InstrumentPublished = (published, listener) =>
        {
            if (published.Meter.Name == StoreTelemetry.Name && (instrument is null || published.Name == instrument))
            {
                listener.EnableMeasurementEvents(published);
            }
        };
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _meters.Start();

        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == StoreTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (Equals(activity.GetTagItem(StoreTelemetry.StoreTag), _store))
                {
                    lock (_lock)
                    {
                        Activities.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(_activities);
    }

    public List<Measurement> Measurements { get; } = [];

    public List<Activity> Activities { get; } = [];

    public void Dispose()
    {
        _meters.Dispose();
        _activities.Dispose();
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var tagMap = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            tagMap[tag.Key] = tag.Value;
        }

        if (Equals(tagMap.GetValueOrDefault(StoreTelemetry.StoreTag), _store))
        {
            lock (_lock)
            {
                Measurements.Add(new Measurement(instrument.Name, instrument.Unit, value, tagMap));
            }
        }
    }

    public sealed record Measurement(string Instrument, string? Unit, double Value, IReadOnlyDictionary<string, object?> Tags)
    {
        public string? Operation => Tags.GetValueOrDefault(StoreTelemetry.OperationTag) as string;
    }
}

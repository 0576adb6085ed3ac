using System.Diagnostics.Metrics;

namespace OrleansPipeline;

/// <summary>Adds up the sizes of the Orleans messages this process sends (Orleans' own meter).</summary>
internal sealed class SentBytes : IDisposable
{
    private const string Instrument = "orleans-messaging-sent-messages-size";
    private readonly MeterListener _listener = new();
    private long _total;

    public SentBytes()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == Instrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((_, value, _, _) => Interlocked.Add(ref _total, value));
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    public void Dispose() => _listener.Dispose();
}

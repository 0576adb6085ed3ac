using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using ProxyStore;

/// <summary>Recording one metric on a key whose entry already exists.</summary>
[MemoryDiagnoser]
public class MetricRecordingBenchmarks
{
    private readonly StoreMetrics _metrics = new();
    private readonly StoreKey _key = new(StoreKey.NewId());
    private KeyMetrics _entry = null!;

    [GlobalSetup]
    public void Setup()
    {
        _entry = _metrics.Entry(MetricsKey.For(_key));
        _entry.AddTime(TimeMetric.Get, new Duration(1), 0);
        _entry.AddCounter(CounterMetric.GetCacheHits, 1);
    }

    [Benchmark]
    public void RecordTime()
    {
        long end = Stopwatch.GetTimestamp();
        _metrics.Entry(MetricsKey.For(_key)).AddTime(TimeMetric.Get, new Duration(100), end);
    }

    [Benchmark]
    public void RecordCounter() => _metrics.Entry(MetricsKey.For(_key)).AddCounter(CounterMetric.GetCacheHits, 1);

    /// <summary>One clock read, which every recorded time needs two of; on a VM it is a large part of a cache hit.</summary>
    [Benchmark]
    public long Timestamp() => Stopwatch.GetTimestamp();

    [Benchmark]
    public void RecordTimeOnHeldEntry() => _entry.AddTime(TimeMetric.Get, new Duration(100), 0);
}

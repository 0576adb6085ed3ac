using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Diagnostics;

namespace ProxyStore;

/// <summary>
/// Records and queries the metrics of one <see cref="Store"/> instance, per key.
/// Batch operations record under the ordered list of their keys, which counts as one
/// "super key". Thread-safe: counts stay exact under any concurrency.
/// </summary>
/// <remarks>
/// Metrics are local to the store instance that did the work. A proxy resolved where its
/// store is not registered resolves through another instance, and its metrics land there.
/// </remarks>
public sealed class StoreMetrics
{
    private readonly ConcurrentDictionary<MetricsKey, KeyMetrics> _entries = new();

    /// <summary>Sets an attribute of <paramref name="key"/>, replacing an earlier value.</summary>
    public void AddAttribute(string name, StoreKey key, object value) => Entry(MetricsKey.For(key)).SetAttribute(CheckName(name), CheckValue(value));

    /// <summary>Sets an attribute of the batch <paramref name="keys"/>, replacing an earlier value.</summary>
    public void AddAttribute(string name, IEnumerable<StoreKey> keys, object value) => Entry(MetricsKey.ForBatch(keys)).SetAttribute(CheckName(name), CheckValue(value));

    /// <summary>Adds <paramref name="value"/> to a counter of <paramref name="key"/>.</summary>
    public void AddCounter(string name, StoreKey key, long value = 1) => Entry(MetricsKey.For(key)).AddCounter(CheckName(name), value);

    /// <summary>Adds <paramref name="value"/> to a counter of the batch <paramref name="keys"/>.</summary>
    public void AddCounter(string name, IEnumerable<StoreKey> keys, long value = 1) => Entry(MetricsKey.ForBatch(keys)).AddCounter(CheckName(name), value);

    /// <summary>Records one occurrence of the event <paramref name="name"/> for <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is negative.</exception>
    public void AddTime(string name, StoreKey key, TimeSpan duration)
    {
        Duration checkedDuration = CheckDuration(duration);
        Entry(MetricsKey.For(key)).AddTime(CheckName(name), checkedDuration, Stopwatch.GetTimestamp());
    }

    /// <summary>Records one occurrence of the event <paramref name="name"/> for the batch <paramref name="keys"/>.</summary>
    public void AddTime(string name, IEnumerable<StoreKey> keys, TimeSpan duration)
    {
        Duration checkedDuration = CheckDuration(duration);
        Entry(MetricsKey.ForBatch(keys)).AddTime(CheckName(name), checkedDuration, Stopwatch.GetTimestamp());
    }

    /// <summary>A snapshot of the metrics of <paramref name="key"/>, or <see langword="null"/> if none were recorded.</summary>
    public Metrics? GetMetrics(StoreKey key) => Snapshot(MetricsKey.For(key));

    /// <summary>
    /// A snapshot of the metrics of a batch (the keys a batch operation returned, in order),
    /// or <see langword="null"/> if none were recorded for that exact batch.
    /// </summary>
    public Metrics? GetMetrics(IEnumerable<StoreKey> keys) => Snapshot(MetricsKey.ForBatch(keys));

    /// <summary>
    /// A snapshot of the metrics of a key, a batch of keys, a proxy, or a sequence of proxies
    /// (whose keys form a batch), or <see langword="null"/> if none were recorded.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="keyOrProxy"/> is none of those.</exception>
    public Metrics? GetMetrics(object keyOrProxy)
    {
        ArgumentNullException.ThrowIfNull(keyOrProxy);
        return Snapshot(MetricsKeys.From(keyOrProxy));
    }

    /// <summary>The time statistics of every event, summed over all keys and batches.</summary>
    public IReadOnlyDictionary<string, TimeStats> AggregateTimes()
    {
        var totals = new Dictionary<string, TimeStats>(StringComparer.Ordinal);
        foreach (KeyMetrics entry in _entries.Values)
        {
            entry.AccumulateTimes(totals);
        }

        return new ReadOnlyDictionary<string, TimeStats>(new SortedDictionary<string, TimeStats>(totals, StringComparer.Ordinal));
    }

    /// <summary>
    /// A snapshot of everything recorded, per key and batch, that can be written as JSON,
    /// printed as a table, and merged with the reports of other store instances or processes.
    /// </summary>
    public MetricsReport Export() =>
        new(_entries.Select(e => new KeyedMetrics(e.Key.Keys, e.Key.IsBatch, e.Value.Snapshot())).ToList());

    internal KeyMetrics Entry(MetricsKey key) => _entries.GetOrAdd(key, static _ => new KeyMetrics());

    private Metrics? Snapshot(MetricsKey key) => _entries.TryGetValue(key, out KeyMetrics? entry) ? entry.Snapshot() : null;

    private static string CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return name;
    }

    private static Duration CheckDuration(TimeSpan duration, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(duration))] string? parameter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero, parameter);
        return Duration.FromTimeSpan(duration);
    }

    private static object CheckValue(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value;
    }
}

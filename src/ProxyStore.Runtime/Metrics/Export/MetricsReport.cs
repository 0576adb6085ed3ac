using System.Collections.ObjectModel;
using System.Text.Json;

namespace ProxyStore;

/// <summary>
/// Everything a <see cref="StoreMetrics"/> recorded, per key and batch, as an immutable
/// value. Each store instance sees only its own operations; merging the reports of every
/// instance and process gives the whole picture.
/// </summary>
public sealed class MetricsReport
{
    /// <summary>Creates a report from its entries.</summary>
    public MetricsReport(IReadOnlyList<KeyedMetrics> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Entries = entries.ToArray();
    }

    /// <summary>The metrics of each key and batch.</summary>
    public IReadOnlyList<KeyedMetrics> Entries { get; }

    /// <summary>The metrics of <paramref name="key"/>, or <see langword="null"/>.</summary>
    public Metrics? Find(StoreKey key) => Entries.FirstOrDefault(e => !e.IsBatch && e.Keys[0].Equals(key))?.Metrics;

    /// <summary>The time statistics of every event, summed over all keys and batches.</summary>
    public IReadOnlyDictionary<string, TimeStats> AggregateTimes() => Aggregate(m => m.Times, (a, b) => a + b);

    /// <summary>Every counter, summed over all keys and batches.</summary>
    public IReadOnlyDictionary<string, long> AggregateCounters() => Aggregate(m => m.Counters, (a, b) => a + b);

    /// <summary>
    /// One report from several, such as a producer's and a consumer's: the metrics of
    /// the same key or batch are combined with <see cref="Metrics.Combine"/>.
    /// </summary>
    public static MetricsReport Merge(params IEnumerable<MetricsReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var merged = new Dictionary<MetricsKey, KeyedMetrics>();
        foreach (MetricsReport report in reports)
        {
            foreach (KeyedMetrics entry in report.Entries)
            {
                MetricsKey key = entry.IsBatch ? MetricsKey.ForBatch(entry.Keys) : MetricsKey.For(entry.Keys[0]);
                merged[key] = merged.TryGetValue(key, out KeyedMetrics? existing)
                    ? existing with { Metrics = Metrics.Combine(existing.Metrics, entry.Metrics) }
                    : entry;
            }
        }

        return new MetricsReport(merged.Values.ToList());
    }

    /// <summary>The report as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, MetricsReportJson.ReportInfo);

    /// <summary>Reads a report written by <see cref="ToJson"/>.</summary>
    /// <exception cref="JsonException"><paramref name="json"/> is not a metrics report.</exception>
    public static MetricsReport FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize(json, MetricsReportJson.ReportInfo)
            ?? throw new JsonException("A metrics report cannot be null.");
    }

    /// <summary>The aggregated times and counters as a readable table.</summary>
    public string ToTable() => MetricsTable.Format(AggregateTimes(), AggregateCounters(), attributes: null);

    private IReadOnlyDictionary<string, TValue> Aggregate<TValue>(Func<Metrics, IReadOnlyDictionary<string, TValue>> select, Func<TValue, TValue, TValue> add)
    {
        var totals = new SortedDictionary<string, TValue>(StringComparer.Ordinal);
        foreach (KeyedMetrics entry in Entries)
        {
            foreach (var (name, value) in select(entry.Metrics))
            {
                totals[name] = totals.TryGetValue(name, out TValue? sum) ? add(sum, value) : value;
            }
        }

        return new ReadOnlyDictionary<string, TValue>(totals);
    }
}

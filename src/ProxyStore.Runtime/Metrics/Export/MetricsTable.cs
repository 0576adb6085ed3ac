using System.Globalization;
using System.Text;

namespace ProxyStore;

/// <summary>Formats metrics as plain-text tables: one row per operation, counter and attribute.</summary>
public static class MetricsTable
{
    /// <summary>The times, counters and attributes of one key or batch.</summary>
    public static string Format(Metrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return Format(metrics.Times, metrics.Counters, metrics.Attributes);
    }

    /// <summary>Time statistics, such as <see cref="StoreMetrics.AggregateTimes"/>.</summary>
    public static string Format(IReadOnlyDictionary<string, TimeStats> times) => Format(times, counters: null, attributes: null);

    /// <summary>Times, and optionally counters and attributes.</summary>
    public static string Format(
        IReadOnlyDictionary<string, TimeStats> times,
        IReadOnlyDictionary<string, long>? counters,
        IReadOnlyDictionary<string, object>? attributes)
    {
        ArgumentNullException.ThrowIfNull(times);
        var text = new StringBuilder();
        CultureInfo invariant = CultureInfo.InvariantCulture;
        text.Append(invariant, $"{"operation",-30} {"count",7} {"avg ms",10} {"min ms",10} {"max ms",10}").AppendLine();
        foreach (var (name, stats) in times.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            text.Append(invariant, $"{name,-30} {stats.Count,7} {stats.AvgTimeMs,10:F3} {stats.MinTimeMs,10:F3} {stats.MaxTimeMs,10:F3}").AppendLine();
        }

        AppendSection(text, "counter", counters?.ToDictionary(c => c.Key, c => (object)c.Value));
        AppendSection(text, "attribute", attributes);
        return text.ToString();
    }

    private static void AppendSection(StringBuilder text, string title, IReadOnlyDictionary<string, object>? values)
    {
        if (values is not { Count: > 0 })
        {
            return;
        }

        text.AppendLine().Append(CultureInfo.InvariantCulture, $"{title,-30} {"value",7}").AppendLine();
        foreach (var (name, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"{name,-30} {value,7}").AppendLine();
        }
    }
}

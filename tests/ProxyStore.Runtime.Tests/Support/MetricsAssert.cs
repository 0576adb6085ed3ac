using System.Globalization;

namespace ProxyStore.Tests.Support;

/// <summary>Assertions on metric snapshots that print the whole set on failure.</summary>
public static class MetricsAssert
{
    /// <summary>The names are exactly <paramref name="expected"/>, in any order.</summary>
    public static void Names(IEnumerable<string> expected, IEnumerable<string> actual) =>
        Assert.Equal(expected.Order(StringComparer.Ordinal).ToArray(), actual.Order(StringComparer.Ordinal).ToArray());

    /// <summary>The counters are exactly <paramref name="expected"/>.</summary>
    public static void Counters(IReadOnlyDictionary<string, long> actual, params (string Name, long Value)[] expected) =>
        Assert.Equal(
            expected.OrderBy(e => e.Name, StringComparer.Ordinal).ToArray(),
            actual.Select(p => (p.Key, p.Value)).OrderBy(e => e.Key, StringComparer.Ordinal).ToArray());

    /// <summary>The invariants every recorded <see cref="TimeStats"/> keeps.</summary>
    public static void Consistent(TimeStats stats)
    {
        Assert.True(stats.Count > 0, $"Count is {stats.Count}");
        Assert.True(stats.MinTimeMs >= 0, $"Min is {stats.MinTimeMs}");
        Assert.InRange(stats.AvgTimeMs, stats.MinTimeMs, stats.MaxTimeMs);
        Assert.InRange(stats.LastTimeMs, stats.MinTimeMs, stats.MaxTimeMs);
    }

    /// <summary>A size attribute as a number, whatever integer type holds it.</summary>
    public static long Size(object attribute) => Convert.ToInt64(attribute, CultureInfo.InvariantCulture);

    /// <summary>The counts of every time name, to compare two snapshots by shape.</summary>
    public static (string Name, long Count)[] Counts(IReadOnlyDictionary<string, TimeStats> times) =>
        times.Select(p => (p.Key, p.Value.Count)).OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
}

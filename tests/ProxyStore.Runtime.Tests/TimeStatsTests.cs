using System.Text.Json;

namespace ProxyStore.Tests;

/// <summary>TimeStats and its <c>+</c>: the TimeStats part of ProxyStore's tests/store/metrics_test.py.</summary>
public sealed class TimeStatsTests
{
    private static readonly DateTimeOffset T0 = new(2024, 4, 20, 12, 0, 0, TimeSpan.Zero);

    private static TimeStats Once(double ms, DateTimeOffset at) => new(1, ms, ms, ms, ms, at);

    [Fact]
    public void Adding_combines_counts_extremes_and_takes_last_from_the_later()
    {
        TimeStats stats1 = Once(1, T0);
        TimeStats stats2 = Once(3, T0.AddSeconds(1));

        TimeStats stats3 = stats1 + stats2;

        Assert.Equal(2, stats3.Count);
        Assert.Equal(2, stats3.AvgTimeMs);
        Assert.Equal(1, stats3.MinTimeMs);
        Assert.Equal(3, stats3.MaxTimeMs);
        Assert.Equal(3, stats3.LastTimeMs);
        Assert.Equal(stats2.LastTimestamp, stats3.LastTimestamp);
        Assert.True(stats3.LastTimestamp > stats1.LastTimestamp);

        TimeStats stats4 = stats3 + Once(6, T0.AddSeconds(2));
        Assert.Equal(6, stats4.LastTimeMs);
        Assert.True(stats4.LastTimestamp > stats2.LastTimestamp);
        Assert.Equal(3, stats4.Count);
        Assert.Equal(6, stats4.MaxTimeMs);

        Assert.Equal(stats4, stats4 + TimeStats.Empty);
    }

    [Fact]
    public void Average_is_weighted_by_count()
    {
        var many = new TimeStats(3, 2, 1, 3, 2, T0);
        TimeStats one = Once(6, T0.AddSeconds(1));

        TimeStats sum = many + one;

        Assert.Equal(4, sum.Count);
        Assert.Equal(3, sum.AvgTimeMs, 10); // (3 * 2 + 1 * 6) / 4, not (2 + 6) / 2
        Assert.Equal(1, sum.MinTimeMs);
        Assert.Equal(6, sum.MaxTimeMs);
    }

    [Fact]
    public void Last_values_come_from_the_later_operand_whatever_the_order()
    {
        var earlier = new TimeStats(2, 5, 4, 6, 4, T0);
        var later = new TimeStats(1, 9, 9, 9, 9, T0.AddMinutes(1));

        foreach (TimeStats sum in new[] { earlier + later, later + earlier })
        {
            Assert.Equal(9, sum.LastTimeMs);
            Assert.Equal(later.LastTimestamp, sum.LastTimestamp);
            Assert.Equal(3, sum.Count);
            Assert.Equal(4, sum.MinTimeMs);
            Assert.Equal(9, sum.MaxTimeMs);
            Assert.Equal(19.0 / 3, sum.AvgTimeMs, 10);
        }
    }

    [Fact]
    public void Empty_is_the_identity()
    {
        var stats = new TimeStats(4, 2.5, 1, 4, 3, T0);

        Assert.Equal(stats, TimeStats.Empty + stats);
        Assert.Equal(stats, stats + TimeStats.Empty);
        Assert.Equal(TimeStats.Empty, TimeStats.Empty + TimeStats.Empty);
        Assert.Equal(0, TimeStats.Empty.Count);
    }

    [Fact]
    public void Adding_is_associative()
    {
        TimeStats a = new(2, 2, 1, 3, 3, T0);
        TimeStats b = new(1, 7, 7, 7, 7, T0.AddSeconds(1));
        TimeStats c = new(3, 4, 2, 5, 2, T0.AddSeconds(2));

        TimeStats left = (a + b) + c;
        TimeStats right = a + (b + c);

        Assert.Equal(left.Count, right.Count);
        Assert.Equal(left.AvgTimeMs, right.AvgTimeMs, 10);
        Assert.Equal(left.MinTimeMs, right.MinTimeMs);
        Assert.Equal(left.MaxTimeMs, right.MaxTimeMs);
        Assert.Equal(left.LastTimeMs, right.LastTimeMs);
        Assert.Equal(left.LastTimestamp, right.LastTimestamp);
        Assert.Equal(6, left.Count);
    }

    [Fact]
    public void Add_is_the_operator()
    {
        TimeStats a = Once(1, T0);
        TimeStats b = Once(2, T0.AddSeconds(1));

        Assert.Equal(a + b, TimeStats.Add(a, b));
    }

    [Fact]
    public void Adding_null_is_rejected()
    {
        TimeStats a = Once(1, T0);

        Assert.Throws<ArgumentNullException>(() => a + null!);
        Assert.Throws<ArgumentNullException>(() => null! + a);
    }

    [Fact]
    public void Round_trips_through_json()
    {
        // The port of test_time_stats_as_dict: a TimeStats rebuilt from its serialized form is equal.
        var stats = new TimeStats(1, 1, 1, 1, 1, T0);

        string json = JsonSerializer.Serialize(stats);
        TimeStats? back = JsonSerializer.Deserialize<TimeStats>(json);

        Assert.Equal(stats, back);
    }
}

namespace ProxyStore;

/// <summary>
/// Statistics of one recurring timed event, such as <c>store.get</c> for one key.
/// Times are in milliseconds.
/// </summary>
/// <param name="Count">How many times the event was recorded.</param>
/// <param name="AvgTimeMs">Mean duration in milliseconds.</param>
/// <param name="MinTimeMs">Shortest duration in milliseconds.</param>
/// <param name="MaxTimeMs">Longest duration in milliseconds.</param>
/// <param name="LastTimeMs">Duration of the most recent occurrence in milliseconds.</param>
/// <param name="LastTimestamp">Wall-clock time at which the most recent occurrence ended.</param>
public sealed record TimeStats(
    long Count,
    double AvgTimeMs,
    double MinTimeMs,
    double MaxTimeMs,
    double LastTimeMs,
    DateTimeOffset LastTimestamp)
{
    /// <summary>Statistics of an event that never happened; the identity of <c>+</c>.</summary>
    public static TimeStats Empty { get; } = new(0, 0, double.PositiveInfinity, 0, 0, DateTimeOffset.MinValue);

    /// <summary>
    /// Combines the statistics of two sets of occurrences: counts add, the average is
    /// weighted by count, and the <c>Last*</c> values come from the later occurrence.
    /// </summary>
    public static TimeStats operator +(TimeStats left, TimeStats right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (left.Count == 0)
        {
            return right;
        }

        if (right.Count == 0)
        {
            return left;
        }

        long count = left.Count + right.Count;
        double average = ((left.AvgTimeMs * left.Count) + (right.AvgTimeMs * right.Count)) / count;
        TimeStats later = right.LastTimestamp >= left.LastTimestamp ? right : left;
        return new TimeStats(
            count,
            average,
            Math.Min(left.MinTimeMs, right.MinTimeMs),
            Math.Max(left.MaxTimeMs, right.MaxTimeMs),
            later.LastTimeMs,
            later.LastTimestamp);
    }

    /// <summary>Same as <c>left + right</c>.</summary>
    public static TimeStats Add(TimeStats left, TimeStats right) => left + right;
}

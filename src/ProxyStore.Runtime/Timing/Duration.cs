using System.Diagnostics;

namespace ProxyStore;

/// <summary>
/// A measured duration in <see cref="Stopwatch"/> ticks. Every conversion of a measured
/// time to milliseconds goes through <see cref="TotalMilliseconds"/>, so nested timings
/// (a proxy resolution around a store get) stay ordered after conversion.
/// </summary>
internal readonly record struct Duration(long StopwatchTicks)
{
    private static readonly double MillisecondsPerTick = 1000.0 / Stopwatch.Frequency;

    /// <summary>The time from <paramref name="startTimestamp"/> to <paramref name="endTimestamp"/>.</summary>
    public static Duration Between(long startTimestamp, long endTimestamp) => new(endTimestamp - startTimestamp);

    /// <summary>The time since <paramref name="startTimestamp"/>.</summary>
    public static Duration Since(long startTimestamp) => new(Stopwatch.GetTimestamp() - startTimestamp);

    /// <summary>Converts a <see cref="TimeSpan"/> given by a caller.</summary>
    public static Duration FromTimeSpan(TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A duration cannot be negative.");
        }

        return new((long)(value.Ticks * ((double)Stopwatch.Frequency / TimeSpan.TicksPerSecond)));
    }

    /// <summary>The duration in milliseconds.</summary>
    public double TotalMilliseconds => StopwatchTicks * MillisecondsPerTick;
}

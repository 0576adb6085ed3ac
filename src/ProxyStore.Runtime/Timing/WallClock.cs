using System.Diagnostics;

namespace ProxyStore;

/// <summary>
/// Turns a <see cref="Stopwatch"/> timestamp into wall-clock time. Metrics already take a
/// stopwatch timestamp at the end of every operation; anchoring it to the wall clock once
/// saves a second clock read per recorded time.
/// </summary>
internal static class WallClock
{
    private static readonly long AnchorTimestamp = Stopwatch.GetTimestamp();
    private static readonly DateTimeOffset AnchorTime = DateTimeOffset.UtcNow;

    /// <summary>The wall-clock time at which the stopwatch read <paramref name="timestamp"/>.</summary>
    public static DateTimeOffset FromTimestamp(long timestamp) =>
        AnchorTime + Stopwatch.GetElapsedTime(AnchorTimestamp, timestamp);
}

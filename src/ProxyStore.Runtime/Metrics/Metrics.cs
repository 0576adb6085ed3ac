using System.Collections.ObjectModel;

namespace ProxyStore;

/// <summary>
/// An immutable snapshot of the metrics recorded for one key (or one batch of keys).
/// Later store operations never change a snapshot already taken.
/// </summary>
public sealed class Metrics
{
    internal Metrics(
        IDictionary<string, object> attributes,
        IDictionary<string, long> counters,
        IDictionary<string, TimeStats> times)
    {
        Attributes = new ReadOnlyDictionary<string, object>(attributes);
        Counters = new ReadOnlyDictionary<string, long>(counters);
        Times = new ReadOnlyDictionary<string, TimeStats>(times);
    }

    /// <summary>
    /// Combines the metrics of one key recorded in several places: times add (see
    /// <see cref="TimeStats"/>), counters sum, and for attributes the value of
    /// <paramref name="right"/> wins.
    /// </summary>
    public static Metrics Combine(Metrics left, Metrics right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var attributes = new SortedDictionary<string, object>(left.Attributes.ToDictionary(), StringComparer.Ordinal);
        var counters = new SortedDictionary<string, long>(left.Counters.ToDictionary(), StringComparer.Ordinal);
        var times = new SortedDictionary<string, TimeStats>(left.Times.ToDictionary(), StringComparer.Ordinal);
        foreach (var (name, value) in right.Attributes)
        {
            attributes[name] = value;
        }

        foreach (var (name, value) in right.Counters)
        {
            counters[name] = counters.GetValueOrDefault(name) + value;
        }

        foreach (var (name, value) in right.Times)
        {
            times[name] = times.TryGetValue(name, out TimeStats? sum) ? sum + value : value;
        }

        return new Metrics(attributes, counters, times);
    }

    /// <summary>Values describing operations, such as <c>store.put.object_size</c> (bytes).</summary>
    public IReadOnlyDictionary<string, object> Attributes { get; }

    /// <summary>How often events happened, such as <c>store.get.cache_hits</c>.</summary>
    public IReadOnlyDictionary<string, long> Counters { get; }

    /// <summary>Duration statistics per operation, such as <c>store.get</c>.</summary>
    public IReadOnlyDictionary<string, TimeStats> Times { get; }
}

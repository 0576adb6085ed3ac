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

    /// <summary>Values describing operations, such as <c>store.put.object_size</c> (bytes).</summary>
    public IReadOnlyDictionary<string, object> Attributes { get; }

    /// <summary>How often events happened, such as <c>store.get.cache_hits</c>.</summary>
    public IReadOnlyDictionary<string, long> Counters { get; }

    /// <summary>Duration statistics per operation, such as <c>store.get</c>.</summary>
    public IReadOnlyDictionary<string, TimeStats> Times { get; }
}

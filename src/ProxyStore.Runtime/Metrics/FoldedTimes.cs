using System.Runtime.InteropServices;

namespace ProxyStore;

/// <summary>
/// The times of the keys a store's metrics forgot and folded (<see cref="EvictedKeyMetrics.Aggregate"/>),
/// in ticks: the guide's metrics each in a slot of their own, other names in a dictionary made on
/// first use. Folding a key, as a bounded store does on every new key, then costs a merge per
/// metric the key has, without hashing a name or allocating. Lock the instance to use it.
/// </summary>
internal sealed class FoldedTimes
{
    private readonly TimeAccumulator[] _known = new TimeAccumulator[KnownMetrics.TimeNames.Length];
    private Dictionary<string, TimeAccumulator>? _custom;

    /// <summary>Adds what <paramref name="time"/> has seen to the guide's <paramref name="metric"/>.</summary>
    public void Add(TimeMetric metric, in TimeAccumulator time) => _known[(int)metric].Merge(time);

    /// <summary>Adds what <paramref name="time"/> has seen to the metric named <paramref name="name"/>.</summary>
    public void Add(string name, in TimeAccumulator time)
    {
        if (KnownMetrics.TryGetTime(name, out TimeMetric metric))
        {
            Add(metric, time);
        }
        else
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_custom ??= new(StringComparer.Ordinal), name, out _).Merge(time);
        }
    }

    /// <summary>Every metric folded so far, by name.</summary>
    public Dictionary<string, TimeAccumulator> ToDictionary()
    {
        Dictionary<string, TimeAccumulator> times = _custom is null ? new(StringComparer.Ordinal) : new(_custom, StringComparer.Ordinal);
        for (int i = 0; i < _known.Length; i++)
        {
            if (_known[i].Count > 0)
            {
                times[KnownMetrics.TimeNames[i]] = _known[i];
            }
        }

        return times;
    }
}

using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Diagnostics;

namespace ProxyStore;

/// <summary>
/// Records and queries the metrics of one <see cref="Store"/> instance, per key.
/// Batch operations record under the ordered list of their keys, which counts as one
/// "super key". Thread-safe: counts stay exact under any concurrency.
/// </summary>
/// <remarks>
/// Metrics are local to the store instance that did the work. A proxy resolved where its
/// store is not registered resolves through another instance, and its metrics land there.
/// </remarks>
public sealed class StoreMetrics
{
    private readonly ConcurrentDictionary<MetricsKey, KeyMetrics> _entries = new();

    // How many entries _entries holds, kept beside it: ConcurrentDictionary.Count takes every
    // one of its locks, which made a bounded store's puts several times slower. Under a bound,
    // an entry claimed for removal is taken off the count before it is removed.
    private int _count;

    // Only with StoreMetricsOptions: keys in order of their first record (for MaxKeys), how many
    // that queue holds, and the times of keys folded away.
    private readonly ConcurrentQueue<MetricsKey> _order = new();
    private int _queued;
    private readonly FoldedTimes _folded = new();
    private volatile StoreMetricsOptions _options;

    /// <summary>Creates metrics that keep every key's metrics, as the guide describes.</summary>
    public StoreMetrics()
        : this(StoreMetricsOptions.Default)
    {
    }

    /// <summary>Creates metrics bounded by <paramref name="options"/>.</summary>
    public StoreMetrics(StoreMetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>
    /// The bounds on what is kept; <see cref="StoreMetricsOptions.Default"/> (keep everything)
    /// unless set. A change applies to records and evictions from then on.
    /// </summary>
    public StoreMetricsOptions Options
    {
        get => _options;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            StoreMetricsOptions before = _options;
            _options = value;

            // Keys recorded while nothing bounded them are not in the order queue yet; they join
            // it now (oldest first as far as can be told: in no particular order), so a bound set
            // later applies to them too.
            if (before.MaxKeys is null && value.MaxKeys is not null)
            {
                foreach (MetricsKey key in _entries.Keys)
                {
                    Enqueue(key);
                }
            }
        }
    }

    /// <summary>Sets an attribute of <paramref name="key"/>, replacing an earlier value.</summary>
    public void AddAttribute(string name, StoreKey key, object value) => Entry(MetricsKey.For(key)).SetAttribute(CheckName(name), CheckValue(value));

    /// <summary>Sets an attribute of the batch <paramref name="keys"/>, replacing an earlier value.</summary>
    public void AddAttribute(string name, IEnumerable<StoreKey> keys, object value) => Entry(MetricsKey.ForBatch(keys)).SetAttribute(CheckName(name), CheckValue(value));

    /// <summary>Adds <paramref name="value"/> to a counter of <paramref name="key"/>.</summary>
    public void AddCounter(string name, StoreKey key, long value = 1) => Entry(MetricsKey.For(key)).AddCounter(CheckName(name), value);

    /// <summary>Adds <paramref name="value"/> to a counter of the batch <paramref name="keys"/>.</summary>
    public void AddCounter(string name, IEnumerable<StoreKey> keys, long value = 1) => Entry(MetricsKey.ForBatch(keys)).AddCounter(CheckName(name), value);

    /// <summary>Records one occurrence of the event <paramref name="name"/> for <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is negative.</exception>
    public void AddTime(string name, StoreKey key, TimeSpan duration)
    {
        Duration checkedDuration = CheckDuration(duration);
        Entry(MetricsKey.For(key)).AddTime(CheckName(name), checkedDuration, Stopwatch.GetTimestamp());
    }

    /// <summary>Records one occurrence of the event <paramref name="name"/> for the batch <paramref name="keys"/>.</summary>
    public void AddTime(string name, IEnumerable<StoreKey> keys, TimeSpan duration)
    {
        Duration checkedDuration = CheckDuration(duration);
        Entry(MetricsKey.ForBatch(keys)).AddTime(CheckName(name), checkedDuration, Stopwatch.GetTimestamp());
    }

    /// <summary>A snapshot of the metrics of <paramref name="key"/>, or <see langword="null"/> if none were recorded.</summary>
    public Metrics? GetMetrics(StoreKey key) => Snapshot(MetricsKey.For(key));

    /// <summary>
    /// A snapshot of the metrics of a batch (the keys a batch operation returned, in order),
    /// or <see langword="null"/> if none were recorded for that exact batch.
    /// </summary>
    public Metrics? GetMetrics(IEnumerable<StoreKey> keys) => Snapshot(MetricsKey.ForBatch(keys));

    /// <summary>
    /// A snapshot of the metrics of a key, a batch of keys, a proxy, or a sequence of proxies
    /// (whose keys form a batch), or <see langword="null"/> if none were recorded.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="keyOrProxy"/> is none of those.</exception>
    public Metrics? GetMetrics(object keyOrProxy)
    {
        ArgumentNullException.ThrowIfNull(keyOrProxy);
        return Snapshot(MetricsKeys.From(keyOrProxy));
    }

    /// <summary>The time statistics of every event, summed over all keys and batches.</summary>
    public IReadOnlyDictionary<string, TimeStats> AggregateTimes()
    {
        Dictionary<string, TimeAccumulator> totals;
        lock (_folded)
        {
            totals = _folded.ToDictionary();
        }

        foreach (KeyMetrics entry in _entries.Values)
        {
            entry.AccumulateTimes(totals);
        }

        var times = new SortedDictionary<string, TimeStats>(StringComparer.Ordinal);
        foreach ((string name, TimeAccumulator total) in totals)
        {
            times[name] = total.Snapshot();
        }

        return new ReadOnlyDictionary<string, TimeStats>(times);
    }

    /// <summary>
    /// A snapshot of everything recorded, per key and batch, that can be written as JSON,
    /// printed as a table, and merged with the reports of other store instances or processes.
    /// </summary>
    public MetricsReport Export() =>
        new(_entries
            .Select(e => (e.Key, Metrics: e.Value.Snapshot()))
            .Where(e => e.Metrics is not null)
            .Select(e => new KeyedMetrics(e.Key.Keys, e.Key.IsBatch, e.Metrics!))
            .ToList());

    /// <summary>Where this store's entries keep the time words beyond their inline ones.</summary>
    internal MetricWordArena Words { get; } = new();

    internal KeyMetrics Entry(MetricsKey key)
    {
        if (_entries.TryGetValue(key, out KeyMetrics? entry))
        {
            return entry;
        }

        var created = new KeyMetrics(this);
        entry = _entries.TryAdd(key, created) ? created : _entries.GetOrAdd(key, created);
        if (ReferenceEquals(entry, created))
        {
            Interlocked.Increment(ref _count);
            if (_options.MaxKeys is int max)
            {
                Bound(key, max);
            }
        }

        return entry;
    }

    /// <summary>
    /// A time recorded on an entry this store forgot meanwhile (an operation took the entry just
    /// before a bound or an eviction forgot it): folded into the aggregate times when the
    /// policy folds, dropped otherwise, as the entry's other times were.
    /// </summary>
    internal void RecordedAfterForgetting(string name, long ticks, long endTimestamp)
    {
        if (_options.EvictedKeys != EvictedKeyMetrics.Aggregate)
        {
            return;
        }

        lock (_folded)
        {
            _folded.Add(name, TimeAccumulator.Of(ticks, endTimestamp));
        }
    }

    /// <summary>Applies <see cref="StoreMetricsOptions.EvictedKeys"/> to a key the store evicted.</summary>
    internal void Evicted(StoreKey key)
    {
        EvictedKeyMetrics policy = _options.EvictedKeys;
        if (policy != EvictedKeyMetrics.Keep)
        {
            Forget(MetricsKey.For(key), fold: policy == EvictedKeyMetrics.Aggregate);
        }
    }

    /// <summary>Forgets the oldest keys while more than <paramref name="max"/> are kept.</summary>
    private void Bound(MetricsKey added, int max)
    {
        Enqueue(added);
        bool fold = _options.EvictedKeys == EvictedKeyMetrics.Aggregate;

        // Each removal is claimed first, by taking one off the count while it is over the bound,
        // so that threads adding at once never remove more than the excess between them.
        while (true)
        {
            int count = Volatile.Read(ref _count);
            if (count <= max)
            {
                break;
            }

            if (Interlocked.CompareExchange(ref _count, count - 1, count) == count && !RemoveOldest(fold))
            {
                // Nothing left to remove (every other entry is being removed already): give the claim back.
                Interlocked.Increment(ref _count);
                break;
            }
        }

        // The queue may still name keys forgotten on eviction; it is kept within twice the bound
        // so that a put-and-evict loop does not grow it.
        while (Volatile.Read(ref _queued) > 2 * max && TryDequeue(out MetricsKey oldest))
        {
            Forget(oldest, fold);
        }
    }

    /// <summary>Removes the oldest entry still kept, whose removal the caller claimed; false when the queue ran out.</summary>
    private bool RemoveOldest(bool fold)
    {
        while (TryDequeue(out MetricsKey oldest))
        {
            if (Remove(oldest, fold))
            {
                return true;
            }
        }

        return false;
    }

    private void Enqueue(MetricsKey key)
    {
        _order.Enqueue(key);
        Interlocked.Increment(ref _queued);
    }

    private bool TryDequeue(out MetricsKey key)
    {
        if (!_order.TryDequeue(out key!))
        {
            return false;
        }

        Interlocked.Decrement(ref _queued);
        return true;
    }

    /// <summary>Forgets <paramref name="key"/>'s entry, if it is still kept, and counts it gone.</summary>
    private void Forget(MetricsKey key, bool fold)
    {
        if (Remove(key, fold))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    /// <summary>Removes and retires <paramref name="key"/>'s entry without counting it; false when it was gone already.</summary>
    private bool Remove(MetricsKey key, bool fold)
    {
        if (!_entries.TryRemove(key, out KeyMetrics? entry))
        {
            return false;
        }

        entry.Retire(fold ? _folded : null);
        return true;
    }

    private Metrics? Snapshot(MetricsKey key) => _entries.TryGetValue(key, out KeyMetrics? entry) ? entry.Snapshot() : null;

    private static string CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return name;
    }

    private static Duration CheckDuration(TimeSpan duration, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(duration))] string? parameter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero, parameter);
        return Duration.FromTimeSpan(duration);
    }

    private static object CheckValue(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value;
    }
}

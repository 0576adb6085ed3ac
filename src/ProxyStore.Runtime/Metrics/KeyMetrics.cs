// Kept whole over 400 lines: every metric recording runs through it, and its fixed slots, word
// arena and per-entry lock are kept together so the locking can be checked in one place.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ProxyStore;

/// <summary>
/// The mutable metrics of one <see cref="MetricsKey"/>. Each entry has its own lock, so
/// operations on different keys never contend and no store-wide lock is ever taken. The
/// guide's metrics live in fixed slots; other names in dictionaries made on first use.
/// Once a metric has been recorded, recording it again allocates nothing.
/// </summary>
/// <remarks>
/// <para>A store keeps an entry for every key it saw (unless <see cref="StoreMetricsOptions"/>
/// bounds them), so an entry is one object for a key with the usual put and get metrics: the
/// GC's work for a long-lived store grows with the bytes and the objects it holds.</para>
/// <para>Times are kept in <c>long</c> words, in Stopwatch ticks. A metric recorded once (most
/// of them: a key is usually put once and read a few times) takes two words, its duration and
/// its end; the second record moves it to six words (count, total, min, max, last, end). The
/// first <see cref="InlineWords"/> words live in the entry itself, the rest in a block of the
/// store's <see cref="MetricWordArena"/>, so that a key which records more long after its put
/// allocates no object. Counters and sizes are fields.</para>
/// <para>An entry its store forgot (<see cref="Retire"/>) gave its block back: it records
/// nothing more and has no snapshot. A time recorded on it after that (by an operation that
/// took the entry just before the store forgot it) goes to <see cref="StoreMetrics.RecordedAfterForgetting"/>,
/// which folds it as the entry's other times were folded, or drops it with them.</para>
/// </remarks>
internal sealed class KeyMetrics
{
    private const int TimeMetricCount = (int)TimeMetric.FactoryPollingResolve + 1;
    private const int CounterMetricCount = (int)CounterMetric.GetCacheMisses + 1;
    private const int SizeMetricCount = (int)SizeMetric.PutBatchObjectSizes + 1;

    /// <summary>Words held inline: the six single times of a put and a get.</summary>
    private const int InlineWords = 12;

    private const int SingleWords = 2;
    private const int FullWords = 6;

    // Word offset + 1 of each TimeMetric's record; 0 when it was never recorded.
    private TimeSlotTable _timeSlots;
    private ushort _wordsUsed;
    private int _fullTimes;      // bit per TimeMetric whose record has six words
    private int _set;            // bits 0-7: counters set; bits 8-15: sizes set
    private InlineWordTable _inline;
    private readonly StoreMetrics _owner;
    private int _overflowAt;
    private byte _overflowClass; // the block's size class + 1; 0 while there is none
    private volatile bool _retired;
    private CounterTable _counters;
    private SizeTable _sizes;
    private Custom? _custom;

    static KeyMetrics()
    {
        if (KnownMetrics.TimeNames.Length != TimeMetricCount || KnownMetrics.CounterNames.Length != CounterMetricCount
            || KnownMetrics.SizeNames.Length != SizeMetricCount)
        {
            throw new InvalidOperationException("KeyMetrics and KnownMetrics disagree about the number of the guide's metrics.");
        }
    }

    /// <summary>An entry of <paramref name="owner"/>, whose arena holds its words beyond the inline ones.</summary>
    public KeyMetrics(StoreMetrics owner)
    {
        _owner = owner;
    }

    /// <summary>Whether its store forgot this entry; it records nothing more.</summary>
    public bool Retired => _retired;

    /// <summary>
    /// Marks the entry forgotten and gives its block of words back to the arena; first adds its
    /// times into <paramref name="foldInto"/> (locked meanwhile) unless that is null. One step
    /// under the entry's lock, so no record lands between the fold and the retirement.
    /// </summary>
    public void Retire(FoldedTimes? foldInto)
    {
        lock (this)
        {
            if (_retired)
            {
                return;
            }

            if (foldInto is not null)
            {
                lock (foldInto)
                {
                    ForEachTime(foldInto, static (folded, metric, name, accumulator) =>
                    {
                        if (metric is { } known)
                        {
                            folded.Add(known, accumulator);
                        }
                        else
                        {
                            folded.Add(name, accumulator);
                        }
                    });
                }
            }

            _retired = true;
            if (_overflowClass != 0)
            {
                _owner.Words.Return(_overflowAt, _overflowClass - 1);
                _overflowClass = 0;
            }
        }
    }

    public void AddTime(TimeMetric metric, Duration duration, long endTimestamp)
    {
        bool recorded;
        lock (this)
        {
            recorded = AddTimeCore(metric, duration.StopwatchTicks, endTimestamp);
        }

        // Outside the entry's lock: the store's fold takes its own lock, which Retire takes inside this one.
        if (!recorded)
        {
            _owner.RecordedAfterForgetting(metric.Name(), duration.StopwatchTicks, endTimestamp);
        }
    }

    /// <summary>Records the three times of one operation (a put, a get) under one lock.</summary>
    public void AddTimes(TimeMetric first, long firstStart, long firstEnd, TimeMetric second, long secondStart, long secondEnd, TimeMetric whole, long start, long end)
    {
        bool recorded;
        lock (this)
        {
            recorded = AddTimeCore(first, firstEnd - firstStart, firstEnd);
            AddTimeCore(second, secondEnd - secondStart, secondEnd);
            AddTimeCore(whole, end - start, end);
        }

        if (!recorded)
        {
            _owner.RecordedAfterForgetting(first.Name(), firstEnd - firstStart, firstEnd);
            _owner.RecordedAfterForgetting(second.Name(), secondEnd - secondStart, secondEnd);
            _owner.RecordedAfterForgetting(whole.Name(), end - start, end);
        }
    }

    public void AddCounter(CounterMetric metric, long value)
    {
        lock (this)
        {
            AddCounterCore(metric, value);
        }
    }

    /// <summary>Records a counter and a time under one lock (the cache-hit path).</summary>
    public void AddCounterAndTime(CounterMetric counter, TimeMetric time, Duration duration, long endTimestamp)
    {
        bool recorded;
        lock (this)
        {
            AddCounterCore(counter, 1);
            recorded = AddTimeCore(time, duration.StopwatchTicks, endTimestamp);
        }

        if (!recorded)
        {
            _owner.RecordedAfterForgetting(time.Name(), duration.StopwatchTicks, endTimestamp);
        }
    }

    public void SetSize(SizeMetric metric, long bytes)
    {
        lock (this)
        {
            SetSizeCore(metric, bytes);
            _custom?.Attributes?.Remove(metric.Name());
        }
    }

    public void AddTime(string name, Duration duration, long endTimestamp)
    {
        if (KnownMetrics.TryGetTime(name, out TimeMetric known))
        {
            AddTime(known, duration, endTimestamp);
            return;
        }

        bool recorded = false;
        lock (this)
        {
            if (!_retired)
            {
                CollectionsMarshal.GetValueRefOrAddDefault((_custom ??= new()).Times ??= new(StringComparer.Ordinal), name, out _).Add(duration, endTimestamp);
                recorded = true;
            }
        }

        if (!recorded)
        {
            _owner.RecordedAfterForgetting(name, duration.StopwatchTicks, endTimestamp);
        }
    }

    public void AddCounter(string name, long value)
    {
        if (KnownMetrics.TryGetCounter(name, out CounterMetric known))
        {
            AddCounter(known, value);
            return;
        }

        lock (this)
        {
            CollectionsMarshal.GetValueRefOrAddDefault((_custom ??= new()).Counters ??= new(StringComparer.Ordinal), name, out _) += value;
        }
    }

    public void SetAttribute(string name, object value)
    {
        lock (this)
        {
            // A guide size set to a long keeps its slot; any other value replaces it as given.
            if (KnownMetrics.TryGetSize(name, out SizeMetric known))
            {
                if (value is long bytes)
                {
                    SetSizeCore(known, bytes);
                    _custom?.Attributes?.Remove(name);
                    return;
                }

                _set &= ~(1 << (8 + (int)known));
            }

            ((_custom ??= new()).Attributes ??= new(StringComparer.Ordinal))[name] = value;
        }
    }

    /// <summary>What the entry holds, or <see langword="null"/> once it was retired.</summary>
    public Metrics? Snapshot()
    {
        lock (this)
        {
            if (_retired)
            {
                return null;
            }

            var attributes = new SortedDictionary<string, object>(StringComparer.Ordinal);
            var counters = new SortedDictionary<string, long>(StringComparer.Ordinal);
            var times = new SortedDictionary<string, TimeStats>(StringComparer.Ordinal);
            for (int i = 0; i < SizeMetricCount; i++)
            {
                if ((_set & (1 << (8 + i))) != 0)
                {
                    attributes[KnownMetrics.SizeNames[i]] = _sizes[i];
                }
            }

            for (int i = 0; i < CounterMetricCount; i++)
            {
                if ((_set & (1 << i)) != 0)
                {
                    counters[KnownMetrics.CounterNames[i]] = _counters[i];
                }
            }

            ForEachTime(times, static (times, _, name, accumulator) => times[name] = accumulator.Snapshot());
            foreach (var (name, value) in _custom?.Attributes ?? [])
            {
                attributes[name] = value;
            }

            foreach (var (name, value) in _custom?.Counters ?? [])
            {
                counters[name] = value;
            }

            return new Metrics(attributes, counters, times);
        }
    }

    /// <summary>Adds this entry's time statistics into <paramref name="totals"/>.</summary>
    public void AccumulateTimes(Dictionary<string, TimeAccumulator> totals)
    {
        lock (this)
        {
            // A retired entry's block may hold another key's words by now; its store folded
            // (or dropped) its times as it retired it.
            if (_retired)
            {
                return;
            }

            AccumulateTimesCore(totals);
        }
    }

    /// <summary>Adds this entry's time statistics into <paramref name="totals"/>; call under the lock.</summary>
    private void AccumulateTimesCore(Dictionary<string, TimeAccumulator> totals) =>
        ForEachTime(totals, static (totals, _, name, accumulator) => CollectionsMarshal.GetValueRefOrAddDefault(totals, name, out bool _).Merge(accumulator));

    /// <summary>Calls <paramref name="action"/> with each time: its guide metric (null for another name), name and statistics.</summary>
    private void ForEachTime<TState>(TState state, Action<TState, TimeMetric?, string, TimeAccumulator> action)
    {
        for (int i = 0; i < TimeMetricCount; i++)
        {
            int slot = _timeSlots[i];
            if (slot == 0)
            {
                continue;
            }

            int at = slot - 1;
            var accumulator = default(TimeAccumulator);
            if ((_fullTimes & (1 << i)) == 0)
            {
                accumulator.AddTicks(Word(at), Word(at + 1));
            }
            else
            {
                accumulator = TimeAccumulator.FromTicks(Word(at), Word(at + 1), Word(at + 2), Word(at + 3), Word(at + 4), Word(at + 5));
            }

            action(state, (TimeMetric)i, KnownMetrics.TimeNames[i], accumulator);
        }

        if (_custom?.Times is { } custom)
        {
            foreach (var (name, accumulator) in custom)
            {
                action(state, null, name, accumulator);
            }
        }
    }

    /// <summary>Adds one time of <paramref name="metric"/>; call under the lock. False when the entry was retired: nothing was recorded.</summary>
    private bool AddTimeCore(TimeMetric metric, long ticks, long endTimestamp)
    {
        // A record racing with the store forgetting the key goes where the key's other times went.
        if (_retired)
        {
            return false;
        }

        int index = (int)metric;
        int slot = _timeSlots[index];
        if (slot == 0)
        {
            // The first time: two words, the duration and its end.
            int at = Reserve(SingleWords);
            Word(at) = ticks;
            Word(at + 1) = endTimestamp;
            _timeSlots[index] = (byte)(at + 1);
            return true;
        }

        int offset = slot - 1;
        if ((_fullTimes & (1 << index)) == 0)
        {
            // The second time: six words at the end; the two of the first are left unused.
            long first = Word(offset);
            int at = Reserve(FullWords);
            Word(at) = 1;
            Word(at + 1) = first;
            Word(at + 2) = first;
            Word(at + 3) = first;
            _timeSlots[index] = (byte)(at + 1);
            _fullTimes |= 1 << index;
            offset = at;
        }

        // count, total, min, max, last, end
        Word(offset)++;
        Word(offset + 1) += ticks;
        Word(offset + 2) = Math.Min(Word(offset + 2), ticks);
        Word(offset + 3) = Math.Max(Word(offset + 3), ticks);
        Word(offset + 4) = ticks;
        Word(offset + 5) = endTimestamp;
        return true;
    }

    /// <summary>The offset of <paramref name="words"/> new words; moves the words beyond the inline ones to a larger block when they do not fit.</summary>
    private int Reserve(int words)
    {
        int at = _wordsUsed;

        // A record never straddles the inline words and the block.
        if (at < InlineWords && at + words > InlineWords)
        {
            at = InlineWords;
        }

        int needed = at + words;
        if (needed > InlineWords)
        {
            EnsureOverflow(needed - InlineWords);
        }

        _wordsUsed = (ushort)needed;
        return at;
    }

    private void EnsureOverflow(int words)
    {
        int current = _overflowClass - 1;
        if (current >= 0 && MetricWordArena.WordsOf(current) >= words)
        {
            return;
        }

        MetricWordArena arena = _owner.Words;
        int sizeClass = MetricWordArena.ClassFor(words);
        int address = arena.Rent(sizeClass);
        if (current >= 0)
        {
            int used = _wordsUsed - InlineWords;
            arena.Words(_overflowAt, used).CopyTo(arena.Words(address, used));
            arena.Return(_overflowAt, current);
        }

        _overflowAt = address;
        _overflowClass = (byte)(sizeClass + 1);
    }

    private ref long Word(int offset) => ref offset < InlineWords ? ref _inline[offset] : ref _owner.Words.Word(_overflowAt + offset - InlineWords);

    private void AddCounterCore(CounterMetric metric, long value)
    {
        _counters[(int)metric] += value;
        _set |= 1 << (int)metric;
    }

    private void SetSizeCore(SizeMetric metric, long bytes)
    {
        _sizes[(int)metric] = bytes;
        _set |= 1 << (8 + (int)metric);
    }

    /// <summary>Metrics under names outside the guide's, which few keys have.</summary>
    private sealed class Custom
    {
        public Dictionary<string, TimeAccumulator>? Times;
        public Dictionary<string, long>? Counters;
        public Dictionary<string, object>? Attributes;
    }

    [InlineArray(TimeMetricCount)]
    private struct TimeSlotTable
    {
        private byte _first;
    }

    [InlineArray(InlineWords)]
    private struct InlineWordTable
    {
        private long _first;
    }

    [InlineArray(CounterMetricCount)]
    private struct CounterTable
    {
        private long _first;
    }

    [InlineArray(SizeMetricCount)]
    private struct SizeTable
    {
        private long _first;
    }
}

using System.Diagnostics.CodeAnalysis;

namespace ProxyStore;

/// <summary>
/// A thread-safe least-recently-used cache with a fixed capacity in entries and, optionally,
/// in bytes. A capacity of zero disables it: nothing is kept and every lookup misses.
/// </summary>
/// <remarks>
/// Values set with a size in bytes count against <see cref="MaxBytes"/>: the least recently
/// used values go until the new one fits, and a value larger than the bound is not kept at all
/// (it would evict everything and then itself).
/// </remarks>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public sealed class LruCache<TKey, TValue>
    where TKey : notnull
{
    private readonly Lock _lock = new();
    private readonly Dictionary<TKey, LinkedListNode<Entry>> _map;
    private readonly LinkedList<Entry> _order = new(); // most recently used first
    private long _hits;
    private long _misses;
    private long _generation;
    private long _bytes;

    /// <summary>Creates a cache that keeps at most <paramref name="capacity"/> values, whatever their size.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public LruCache(int capacity)
        : this(capacity, long.MaxValue)
    {
    }

    /// <summary>Creates a cache that keeps at most <paramref name="capacity"/> values of at most <paramref name="maxBytes"/> bytes together.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> or <paramref name="maxBytes"/> is negative.</exception>
    public LruCache(int capacity, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        Capacity = capacity;
        MaxBytes = maxBytes;
        _map = new Dictionary<TKey, LinkedListNode<Entry>>();
    }

    /// <summary>The most values the cache keeps.</summary>
    public int Capacity { get; }

    /// <summary>The most bytes the values set with a size may take together.</summary>
    public long MaxBytes { get; }

    /// <summary>The bytes the values held now were set with.</summary>
    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    /// <summary>How many values the cache holds now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _map.Count;
            }
        }
    }

    /// <summary>How many lookups found a value.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>How many lookups found nothing.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>
    /// Changes with every eviction. Read it before fetching a value from elsewhere and pass
    /// it to <see cref="SetIfUnchanged(TKey, TValue, long, long)"/>, so a value evicted meanwhile is not cached again.
    /// </summary>
    public long Generation => Volatile.Read(ref _generation);

    /// <summary>Looks up <paramref name="key"/> and marks it most recently used.</summary>
    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        lock (_lock)
        {
            if (_map.TryGetValue(key, out LinkedListNode<Entry>? node))
            {
                if (node != _order.First)
                {
                    _order.Remove(node);
                    _order.AddFirst(node);
                }

                _hits++;
                value = node.Value.Value;
                return true;
            }

            _misses++;
        }

        value = default;
        return false;
    }

    /// <summary>Whether <paramref name="key"/> is cached; does not change the order of use.</summary>
    public bool Contains(TKey key)
    {
        lock (_lock)
        {
            return _map.ContainsKey(key);
        }
    }

    /// <summary>Stores <paramref name="value"/>, evicting the least recently used value when full.</summary>
    public void Set(TKey key, TValue value) => Set(key, value, bytes: 0);

    /// <summary>
    /// Stores <paramref name="value"/> of <paramref name="bytes"/> bytes, evicting the least
    /// recently used values until both bounds hold; a value larger than <see cref="MaxBytes"/>
    /// is not stored (and replaces no earlier value of the key, which is removed).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bytes"/> is negative.</exception>
    public void Set(TKey key, TValue value, long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        if (Capacity == 0)
        {
            return;
        }

        lock (_lock)
        {
            if (_map.Remove(key, out LinkedListNode<Entry>? existing))
            {
                _order.Remove(existing);
                _bytes -= existing.Value.Bytes;
            }

            if (bytes > MaxBytes)
            {
                return;
            }

            while (_map.Count >= Capacity || _bytes + bytes > MaxBytes)
            {
                LinkedListNode<Entry> last = _order.Last!;
                _order.RemoveLast();
                _map.Remove(last.Value.Key);
                _bytes -= last.Value.Bytes;
            }

            _map[key] = _order.AddFirst(new Entry(key, value, bytes));
            _bytes += bytes;
        }
    }

    /// <summary>
    /// Stores <paramref name="value"/> like <see cref="Set(TKey, TValue)"/>, unless an eviction happened
    /// since <see cref="Generation"/> read <paramref name="generation"/>.
    /// </summary>
    /// <returns>Whether the value was stored.</returns>
    public bool SetIfUnchanged(TKey key, TValue value, long generation) => SetIfUnchanged(key, value, generation, bytes: 0);

    /// <summary>
    /// Stores <paramref name="value"/> of <paramref name="bytes"/> bytes like
    /// <see cref="Set(TKey, TValue, long)"/>, unless an eviction happened since
    /// <see cref="Generation"/> read <paramref name="generation"/>.
    /// </summary>
    /// <returns>Whether the value was stored.</returns>
    public bool SetIfUnchanged(TKey key, TValue value, long generation, long bytes)
    {
        lock (_lock)
        {
            if (_generation != generation)
            {
                return false;
            }

            Set(key, value, bytes);
            return Capacity > 0 && bytes <= MaxBytes;
        }
    }

    /// <summary>Removes <paramref name="key"/>; a missing key is ignored.</summary>
    public bool Evict(TKey key)
    {
        lock (_lock)
        {
            _generation++;
            if (_map.Remove(key, out LinkedListNode<Entry>? node))
            {
                _order.Remove(node);
                _bytes -= node.Value.Bytes;
                return true;
            }

            return false;
        }
    }

    /// <summary>Removes every value.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _generation++;
            _map.Clear();
            _order.Clear();
            _bytes = 0;
        }
    }

    private readonly record struct Entry(TKey Key, TValue Value, long Bytes);
}

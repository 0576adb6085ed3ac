using System.Diagnostics.CodeAnalysis;

namespace ProxyStore;

/// <summary>
/// A thread-safe least-recently-used cache with a fixed capacity. A capacity of zero
/// disables it: nothing is kept and every lookup misses.
/// </summary>
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

    /// <summary>Creates a cache that keeps at most <paramref name="capacity"/> values.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public LruCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
        _map = new Dictionary<TKey, LinkedListNode<Entry>>();
    }

    /// <summary>The most values the cache keeps.</summary>
    public int Capacity { get; }

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
    /// it to <see cref="SetIfUnchanged"/>, so a value evicted meanwhile is not cached again.
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
    public void Set(TKey key, TValue value)
    {
        if (Capacity == 0)
        {
            return;
        }

        lock (_lock)
        {
            if (_map.TryGetValue(key, out LinkedListNode<Entry>? existing))
            {
                existing.Value = new Entry(key, value);
                _order.Remove(existing);
                _order.AddFirst(existing);
                return;
            }

            if (_map.Count >= Capacity)
            {
                LinkedListNode<Entry> last = _order.Last!;
                _order.RemoveLast();
                _map.Remove(last.Value.Key);
            }

            _map[key] = _order.AddFirst(new Entry(key, value));
        }
    }

    /// <summary>
    /// Stores <paramref name="value"/> like <see cref="Set"/>, unless an eviction happened
    /// since <see cref="Generation"/> read <paramref name="generation"/>.
    /// </summary>
    /// <returns>Whether the value was stored.</returns>
    public bool SetIfUnchanged(TKey key, TValue value, long generation)
    {
        lock (_lock)
        {
            if (_generation != generation)
            {
                return false;
            }

            Set(key, value);
            return Capacity > 0;
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
        }
    }

    private readonly record struct Entry(TKey Key, TValue Value);
}

namespace ProxyStore;

/// <summary>
/// What metrics are recorded under: one key, or an ordered batch of keys that counts as a
/// single "super key". A batch of one key is not the same as that key alone.
/// </summary>
internal readonly struct MetricsKey : IEquatable<MetricsKey>
{
    private readonly StoreKey? _single;
    private readonly StoreKey[]? _batch;
    private readonly int _hash;

    private MetricsKey(StoreKey? single, StoreKey[]? batch, int hash)
    {
        _single = single;
        _batch = batch;
        _hash = hash;
    }

    public static MetricsKey For(StoreKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new MetricsKey(key, null, key.GetHashCode());
    }

    public static MetricsKey ForBatch(IEnumerable<StoreKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        StoreKey[] batch = keys.ToArray();
        var hash = new HashCode();
        hash.Add(batch.Length);
        foreach (StoreKey key in batch)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(keys));
            hash.Add(key);
        }

        return new MetricsKey(null, batch, hash.ToHashCode());
    }

    public bool Equals(MetricsKey other)
    {
        if (_hash != other._hash)
        {
            return false;
        }

        if (_single is not null)
        {
            return _single.Equals(other._single);
        }

        return other._batch is not null && _batch!.AsSpan().SequenceEqual(other._batch);
    }

    public override bool Equals(object? obj) => obj is MetricsKey other && Equals(other);

    public override int GetHashCode() => _hash;

    /// <summary>The key, or the keys of the batch in order.</summary>
    public IReadOnlyList<StoreKey> Keys => _batch ?? (IReadOnlyList<StoreKey>)[_single!];

    public bool IsBatch => _batch is not null;

    public override string ToString() => _single?.ToString() ?? $"[{string.Join(", ", (IEnumerable<StoreKey>)_batch!)}]";
}

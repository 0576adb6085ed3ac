namespace ProxyStore;

/// <summary>
/// What metrics are recorded under: one key, or an ordered batch of keys that counts as a
/// single "super key". A batch of one key is not the same as that key alone.
/// </summary>
internal readonly struct MetricsKey : IEquatable<MetricsKey>
{
    // A StoreKey or a StoreKey[]: one field rather than two keeps every key's dictionary entry smaller.
    private readonly object _key;
    private readonly int _hash;

    private MetricsKey(object key, int hash)
    {
        _key = key;
        _hash = hash;
    }

    private StoreKey? Single => _key as StoreKey;

    private StoreKey[]? Batch => _key as StoreKey[];

    public static MetricsKey For(StoreKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new MetricsKey(key, key.GetHashCode());
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

        return new MetricsKey(batch, hash.ToHashCode());
    }

    public bool Equals(MetricsKey other)
    {
        if (_hash != other._hash)
        {
            return false;
        }

        if (_key is StoreKey single)
        {
            return single.Equals(other.Single);
        }

        return other.Batch is { } otherBatch && Batch!.AsSpan().SequenceEqual(otherBatch);
    }

    public override bool Equals(object? obj) => obj is MetricsKey other && Equals(other);

    public override int GetHashCode() => _hash;

    /// <summary>The key, or the keys of the batch in order.</summary>
    public IReadOnlyList<StoreKey> Keys => Batch ?? (IReadOnlyList<StoreKey>)[Single!];

    public bool IsBatch => _key is StoreKey[];

    public override string ToString() => Single?.ToString() ?? $"[{string.Join(", ", (IEnumerable<StoreKey>)Batch!)}]";
}

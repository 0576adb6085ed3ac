namespace ProxyStore;

/// <summary>
/// Bounds on what a <see cref="StoreMetrics"/> keeps. The default keeps every key's metrics for
/// the life of the store, as the Performance Tracking guide describes (and Python ProxyStore
/// does); a long-lived store that sees millions of keys can drop or fold them instead.
/// </summary>
/// <example>
/// <code>
/// store.Metrics!.Options = new StoreMetricsOptions { EvictedKeys = EvictedKeyMetrics.Aggregate, MaxKeys = 100_000 };
/// </code>
/// </example>
public sealed record StoreMetricsOptions
{
    /// <summary>The guide's behaviour: every key's metrics are kept, evicted or not, without bound.</summary>
    public static StoreMetricsOptions Default { get; } = new();

    /// <summary>What happens to a key's metrics when the store evicts the key. <see cref="EvictedKeyMetrics.Keep"/> by default.</summary>
    public EvictedKeyMetrics EvictedKeys { get; init; } = EvictedKeyMetrics.Keep;

    /// <summary>
    /// The most keys and batches whose metrics are kept, or <see langword="null"/> (the default)
    /// for no bound. When a new one would exceed it, the oldest (by first record) goes: folded
    /// into <see cref="StoreMetrics.AggregateTimes"/> when <see cref="EvictedKeys"/> is
    /// <see cref="EvictedKeyMetrics.Aggregate"/>, dropped otherwise.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int? MaxKeys
    {
        get;
        init
        {
            if (value is < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxKeys), value, "StoreMetricsOptions.MaxKeys must be at least 1, or null for no bound.");
            }

            field = value;
        }
    }
}

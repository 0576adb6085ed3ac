namespace ProxyStore;

/// <summary>What <see cref="StoreMetrics"/> does with the metrics of a key the store evicted (<see cref="StoreMetricsOptions.EvictedKeys"/>).</summary>
public enum EvictedKeyMetrics
{
    /// <summary>Keep them, as the Performance Tracking guide describes: <c>GetMetrics(key)</c> still answers after the evict. The default.</summary>
    Keep,

    /// <summary>Forget them: <c>GetMetrics(key)</c> returns <see langword="null"/> after the evict, and they leave <see cref="StoreMetrics.AggregateTimes"/>.</summary>
    Drop,

    /// <summary>Fold their times into <see cref="StoreMetrics.AggregateTimes"/> and forget the key: the totals stay, the per-key entry goes.</summary>
    Aggregate,
}

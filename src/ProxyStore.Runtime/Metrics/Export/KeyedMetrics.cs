namespace ProxyStore;

/// <summary>The metrics of one key, or of one batch of keys, in a <see cref="MetricsReport"/>.</summary>
/// <param name="Keys">The key, or the batch's keys in order.</param>
/// <param name="IsBatch">Whether <paramref name="Keys"/> is a batch (a batch of one key is not that key).</param>
/// <param name="Metrics">What was recorded.</param>
public sealed record KeyedMetrics(IReadOnlyList<StoreKey> Keys, bool IsBatch, Metrics Metrics);

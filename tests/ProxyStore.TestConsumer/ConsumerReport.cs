namespace ProxyStore.TestConsumer;

/// <summary>What the consumer saw, printed as JSON for the test to check.</summary>
public sealed record ConsumerReport(
    string Label,
    long Checksum,
    bool ResolvedBeforeUse,
    bool StoreRegistered,
    IReadOnlyDictionary<string, long> TimeCounts,
    IReadOnlyList<string> ResolveLinks,
    string MetricsJson);

using System.Collections.Frozen;

namespace ProxyStore;

/// <summary>The guide's timed operations, recorded in fixed slots rather than looked up by name.</summary>
internal enum TimeMetric
{
    Put,
    PutSerialize,
    PutConnector,
    Get,
    GetConnector,
    GetDeserialize,
    Exists,
    ExistsConnector,
    Evict,
    EvictConnector,
    PutBatch,
    PutBatchSerialize,
    PutBatchConnector,
    Proxy,
    ProxyBatch,
    FactoryCall,
    FactoryResolve,
    FactoryPollingResolve,
}

/// <summary>The guide's counters.</summary>
internal enum CounterMetric
{
    GetCacheHits,
    GetCacheMisses,
}

/// <summary>The guide's size attributes, in bytes.</summary>
internal enum SizeMetric
{
    PutObjectSize,
    GetObjectSize,
    PutBatchObjectSizes,
}

/// <summary>
/// Maps the guide's metric names to slots. The store records into slots by number, so the
/// hot paths hash no strings; names given through the public API find the same slots.
/// </summary>
internal static class KnownMetrics
{
    public static readonly string[] TimeNames =
    [
        MetricNames.Put, MetricNames.PutSerialize, MetricNames.PutConnector,
        MetricNames.Get, MetricNames.GetConnector, MetricNames.GetDeserialize,
        MetricNames.Exists, MetricNames.ExistsConnector,
        MetricNames.Evict, MetricNames.EvictConnector,
        MetricNames.PutBatch, MetricNames.PutBatchSerialize, MetricNames.PutBatchConnector,
        MetricNames.Proxy, MetricNames.ProxyBatch,
        MetricNames.FactoryCall, MetricNames.FactoryResolve, MetricNames.FactoryPollingResolve,
    ];

    public static readonly string[] CounterNames = [MetricNames.GetCacheHits, MetricNames.GetCacheMisses];

    public static readonly string[] SizeNames = [MetricNames.PutObjectSize, MetricNames.GetObjectSize, MetricNames.PutBatchObjectSizes];

    private static readonly FrozenDictionary<string, int> Times = Index(TimeNames);
    private static readonly FrozenDictionary<string, int> Counters = Index(CounterNames);
    private static readonly FrozenDictionary<string, int> Sizes = Index(SizeNames);

    public static string Name(this TimeMetric metric) => TimeNames[(int)metric];

    public static string Name(this CounterMetric metric) => CounterNames[(int)metric];

    public static string Name(this SizeMetric metric) => SizeNames[(int)metric];

    public static bool TryGetTime(string name, out TimeMetric metric)
    {
        bool found = Times.TryGetValue(name, out int slot);
        metric = (TimeMetric)slot;
        return found;
    }

    public static bool TryGetCounter(string name, out CounterMetric metric)
    {
        bool found = Counters.TryGetValue(name, out int slot);
        metric = (CounterMetric)slot;
        return found;
    }

    public static bool TryGetSize(string name, out SizeMetric metric)
    {
        bool found = Sizes.TryGetValue(name, out int slot);
        metric = (SizeMetric)slot;
        return found;
    }

    private static FrozenDictionary<string, int> Index(string[] names) =>
        names.Select((name, slot) => (name, slot)).ToFrozenDictionary(p => p.name, p => p.slot, StringComparer.Ordinal);
}

namespace ProxyStore;

/// <summary>
/// The metric names of the Performance Tracking guide. They are a public contract: users
/// look them up in <see cref="Metrics"/> snapshots, so they never change.
/// </summary>
public static class MetricNames
{
#pragma warning disable CS1591 // The names document themselves; docs/metrics.md explains them.
    public const string Put = "store.put";
    public const string PutSerialize = "store.put.serialize";
    public const string PutConnector = "store.put.connector";
    public const string PutObjectSize = "store.put.object_size";

    public const string Get = "store.get";
    public const string GetConnector = "store.get.connector";
    public const string GetDeserialize = "store.get.deserialize";
    public const string GetObjectSize = "store.get.object_size";
    public const string GetCacheHits = "store.get.cache_hits";
    public const string GetCacheMisses = "store.get.cache_misses";

    public const string Exists = "store.exists";
    public const string ExistsConnector = "store.exists.connector";

    public const string Evict = "store.evict";
    public const string EvictConnector = "store.evict.connector";

    public const string PutBatch = "store.put_batch";
    public const string PutBatchSerialize = "store.put_batch.serialize";
    public const string PutBatchConnector = "store.put_batch.connector";
    public const string PutBatchObjectSizes = "store.put_batch.object_sizes";

    public const string Proxy = "store.proxy";
    public const string ProxyBatch = "store.proxy_batch";

    public const string FactoryCall = "factory.call";
    public const string FactoryResolve = "factory.resolve";

    // The waiting resolution of a future's proxy or result, from the first poll to the value.
    public const string FactoryPollingResolve = "factory.polling_resolve";
#pragma warning restore CS1591
}

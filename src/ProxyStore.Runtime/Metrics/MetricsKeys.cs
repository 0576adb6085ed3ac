namespace ProxyStore;

/// <summary>Turns what a user hands to <see cref="StoreMetrics.GetMetrics(object)"/> into a <see cref="MetricsKey"/>.</summary>
internal static class MetricsKeys
{
    public static MetricsKey From(object keyOrProxy)
    {
        // A proxy comes first: a proxy of a collection is also a sequence.
        if (Proxies.TryGetKey(keyOrProxy) is { } proxyKey)
        {
            return MetricsKey.For(proxyKey);
        }

        switch (keyOrProxy)
        {
            case StoreKey key:
                return MetricsKey.For(key);
            case IEnumerable<StoreKey> keys:
                return MetricsKey.ForBatch(keys);
            case string:
                break;
            case System.Collections.IEnumerable items:
                var batch = new List<StoreKey>();
                foreach (object? item in items)
                {
                    batch.Add(KeyOf(item) ?? throw Unsupported(item));
                }

                return MetricsKey.ForBatch(batch);
        }

        throw Unsupported(keyOrProxy);
    }

    private static StoreKey? KeyOf(object? item) => item switch
    {
        StoreKey key => key,
        _ => Proxies.TryGetKey(item),
    };

    private static ArgumentException Unsupported(object? value) => new(
        $"Metrics are looked up by a StoreKey, a sequence of StoreKeys, a proxy, or a sequence of proxies; got {(value is null ? "null" : value.GetType().FullName)}.",
        "keyOrProxy");
}

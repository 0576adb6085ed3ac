using System.Diagnostics.CodeAnalysis;
using ProxyStore.Serialization;

namespace ProxyStore;

// Steps shared by the synchronous and asynchronous operations: serializing, the cache,
// finishing a get, and recording metrics under the guide's names.
public sealed partial class Store
{
    private byte[] SerializeForPut(object? obj)
    {
        try
        {
            return Serializer.Serialize(obj);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new StoreSerializationException(
                $"Store '{Name}' cannot serialize an object of type {obj?.GetType().FullName ?? "null"}: {e.Message}", e);
        }
    }

    private ReadOnlyMemory<byte>[] SerializeBatch<T>(IEnumerable<T> objs)
    {
        // Everything is serialized before anything is written, so a batch with one bad
        // object leaves nothing behind.
        var data = new List<ReadOnlyMemory<byte>>();
        foreach (T obj in objs)
        {
            data.Add(SerializeForPut(obj));
        }

        return [.. data];
    }

    private bool TryGetCached<T>(StoreKey key, long start, [MaybeNullWhen(false)] out T value)
    {
        if (!_cache.TryGet(key, out object? cached))
        {
            value = default;
            return false;
        }

        long end = Now();
        Metrics?.Entry(MetricsKey.For(key)).AddCounterAndTime(MetricNames.GetCacheHits, MetricNames.Get, Duration.Between(start, end), end);
        value = Cast<T>(cached, key);
        return true;
    }

    private bool FinishGet<T>(StoreKey key, byte[]? data, long start, long connectorEnd, [MaybeNullWhen(false)] out T value)
    {
        if (data is null)
        {
            RecordGet(key, start, connectorEnd, deserializeEnd: null, size: 0, Now());
            value = default;
            return false;
        }

        object? obj;
        try
        {
            obj = Serializer.Deserialize(data, typeof(T));
        }
        catch (InvalidCastException e)
        {
            throw new InvalidCastException($"The object '{key}' in store '{Name}' cannot be read as {typeof(T).FullName}: {e.Message}", e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new StoreSerializationException($"Store '{Name}' cannot deserialize the object '{key}': {e.Message}", e);
        }

        long deserialized = Now();
        value = Cast<T>(obj, key);
        _cache.Set(key, obj);
        RecordGet(key, start, connectorEnd, deserialized, data.Length, Now());
        return true;
    }

    private T Cast<T>(object? obj, StoreKey key)
    {
        switch (obj)
        {
            case T typed:
                return typed;
            case null when default(T) is null:
                return default!;
            case byte[] bytes when typeof(T) == typeof(ReadOnlyMemory<byte>):
                return (T)(object)new ReadOnlyMemory<byte>(bytes);
            case byte[] bytes when typeof(T) == typeof(Memory<byte>):
                return (T)(object)new Memory<byte>(bytes);
            default:
                throw new InvalidCastException(
                    $"The object '{key}' in store '{Name}' is a {obj?.GetType().FullName ?? "null"}, not a {typeof(T).FullName}.");
        }
    }

    private void RecordPut(StoreKey key, int size, long start, long serialized, long end)
    {
        if (Metrics is null)
        {
            return;
        }

        KeyMetrics entry = Metrics.Entry(MetricsKey.For(key));
        entry.SetAttribute(MetricNames.PutObjectSize, size);
        entry.AddTime(MetricNames.PutSerialize, Duration.Between(start, serialized), serialized);
        entry.AddTime(MetricNames.PutConnector, Duration.Between(serialized, end), end);
        entry.AddTime(MetricNames.Put, Duration.Between(start, end), end);
    }

    private void RecordGet(StoreKey key, long start, long connectorEnd, long? deserializeEnd, int size, long end)
    {
        if (Metrics is null)
        {
            return;
        }

        KeyMetrics entry = Metrics.Entry(MetricsKey.For(key));
        entry.AddCounter(MetricNames.GetCacheMisses, 1);
        entry.AddTime(MetricNames.GetConnector, Duration.Between(start, connectorEnd), connectorEnd);
        if (deserializeEnd is long deserialized)
        {
            entry.AddTime(MetricNames.GetDeserialize, Duration.Between(connectorEnd, deserialized), deserialized);
            entry.SetAttribute(MetricNames.GetObjectSize, size);
        }

        entry.AddTime(MetricNames.Get, Duration.Between(start, end), end);
    }

    private void RecordExists(StoreKey key, long start, long? connectorStart, long end)
    {
        if (Metrics is null)
        {
            return;
        }

        KeyMetrics entry = Metrics.Entry(MetricsKey.For(key));
        if (connectorStart is long connector)
        {
            entry.AddTime(MetricNames.ExistsConnector, Duration.Between(connector, end), end);
        }

        entry.AddTime(MetricNames.Exists, Duration.Between(start, end), end);
    }

    private void RecordEvict(StoreKey key, long start, long evicted, long end)
    {
        if (Metrics is null)
        {
            return;
        }

        KeyMetrics entry = Metrics.Entry(MetricsKey.For(key));
        entry.AddTime(MetricNames.EvictConnector, Duration.Between(start, evicted), evicted);
        entry.AddTime(MetricNames.Evict, Duration.Between(start, end), end);
    }

    private void RecordPutBatch(IReadOnlyList<StoreKey> keys, ReadOnlyMemory<byte>[] data, long start, long serialized, long end)
    {
        if (Metrics is null)
        {
            return;
        }

        long sizes = 0;
        foreach (ReadOnlyMemory<byte> item in data)
        {
            sizes += item.Length;
        }

        KeyMetrics entry = Metrics.Entry(MetricsKey.ForBatch(keys));
        entry.SetAttribute(MetricNames.PutBatchObjectSizes, sizes);
        entry.AddTime(MetricNames.PutBatchSerialize, Duration.Between(start, serialized), serialized);
        entry.AddTime(MetricNames.PutBatchConnector, Duration.Between(serialized, end), end);
        entry.AddTime(MetricNames.PutBatch, Duration.Between(start, end), end);
    }
}

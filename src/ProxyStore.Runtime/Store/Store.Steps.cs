using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using ProxyStore.Buffers;
using ProxyStore.Connectors;
using ProxyStore.Serialization;

namespace ProxyStore;

// Steps shared by the synchronous and asynchronous operations: serializing, the cache, writing,
// and recording metrics under the guide's names (a get's reading is in Store.Reading.cs).
public sealed partial class Store
{
    /// <summary>How much of a serializer's message a failed get's message quotes.</summary>
    private const int MaxQuotedMessage = 1000;

    /// <summary>
    /// <paramref name="obj"/> serialized for a put, in parts: the frame's head and the large arrays
    /// it holds, still the caller's memory; <see cref="PutParts(FrameParts)"/> writes them out.
    /// </summary>
    /// <param name="obj">The object.</param>
    /// <param name="operation">The operation that logs a refusal: a put, or a batch put.</param>
    private FrameParts SerializeParts(object? obj, string operation = MetricNames.Put)
    {
        FrameParts parts;
        try
        {
            // The default serializer leaves room for the frame, so framing copies nothing; Python's values have none.
            parts = Serializer switch
            {
                DefaultSerializer serializer => serializer.SerializeParts(obj),
                PythonSerializer python when _python => python.SerializeParts(obj),
                _ when _python => FrameParts.Unframed(Serializer.Serialize(obj)),
                _ => new FrameParts(StoredFrame.Wrap(Serializer.Serialize(obj))),
            };
        }
        // An owned or borrowed reference that may not be sent is reported as the ownership error it is.
        catch (Exception e) when (e is not (OperationCanceledException or StoreReferenceException))
        {
            // A refusal of the serializer's own is said once: its message, with its cause as the
            // inner exception, rather than inside a copy of itself.
            StoreSerializationException refused = e is StoreSerializationException own
                ? new($"Store '{Name}' refused the {obj?.GetType().FullName ?? "null"}: {own.Message}", own.InnerException)
                : new($"Store '{Name}' cannot serialize an object of type {obj?.GetType().FullName ?? "null"}: {e.Message}", e);
            ObjectFailed(operation, key: null, refused);
            throw refused;
        }

        RefuseOversized(parts.LongLength, operation);
        return parts;
    }

    /// <summary>
    /// Refuses a frame of <paramref name="frameLength"/> bytes that the connector could not store
    /// or a get could not read back, so that a put never succeeds with an object nobody can get.
    /// </summary>
    /// <exception cref="StoreSerializationException">The frame is too large; the message names the size and the limit.</exception>
    private void RefuseOversized(long frameLength, string operation)
    {
        (long limit, string reason) = Connector is IObjectSizeLimit connector
            ? (Math.Min(connector.MaxObjectBytes, ObjectSizeLimit.Readable), connector.MaxObjectReason)
            : (ObjectSizeLimit.Readable, ObjectSizeLimit.ReadableReason);
        if (frameLength > limit)
        {
            var refused = new StoreSerializationException(
                $"Store '{Name}' refused the object: with its frame it is {ObjectSizeLimit.Bytes(frameLength)} bytes, more than {reason}. Nothing was stored.");
            ObjectFailed(operation, key: null, refused);
            throw refused;
        }
    }

    /// <summary>The object serialized inside its sealed <see cref="StoredFrame"/>, in one array: what a connector stores; bound to <paramref name="key"/> when it is known.</summary>
    private byte[] SerializeForPut(object? obj, StoreKey? key, string operation = MetricNames.Put) => SerializeParts(obj, operation).ToSealedArray(key);

    private bool TryGetCached<T>(StoreKey key, long start, bool timed, bool telemetry, [MaybeNullWhen(false)] out T value)
    {
        if (!_cache.TryGet(key, out CacheEntry cached))
        {
            value = default;
            return false;
        }

        // The entry keeps the key's metrics, so a hit records without looking them up.
        if (timed)
        {
            new OperationRecorder(cached.Metrics, Name, telemetry).CountAndTime(CounterMetric.GetCacheHits, TimeMetric.Get, start, Stopwatch.GetTimestamp());
        }

        LogCacheHit(key);
        value = Cast<T>(cached.Value, key);
        return true;
    }

    /// <summary>
    /// Stores a serialized object the way the connector takes it with the fewest copies: kept as
    /// the frame array itself (in memory), written piece by piece as it is checksummed (files,
    /// shared memory; written from its parts, sealed first, when asynchronous), copied once into a
    /// pooled frame that is only written out (Redis), or into a new array (any other connector).
    /// The frame is bound to its key when the connector lets the store choose the key first.
    /// </summary>
    private StoreKey PutParts(FrameParts parts)
    {
        if (Connector is not IKeyedPutConnector keyed || keyed.NewPutKey(parts.Length) is not { } key)
        {
            return Connector.Put(parts.ToSealedArray(key: null));
        }

        PutParts(key, parts);
        return key;
    }

    /// <summary>Stores <paramref name="parts"/> under <paramref name="key"/>, a key from the connector's <see cref="IKeyedPutConnector.NewPutKey"/>.</summary>
    private void PutParts(StoreKey key, FrameParts parts)
    {
        var keyed = (IKeyedPutConnector)Connector;
        switch (Connector)
        {
            case IOwningConnector owning:
                owning.PutOwnedAt(key, parts.ToSealedArray(key));
                break;
            case IStreamedPutConnector streamed:
                streamed.PutStreamed(key, parts.Length, sink => parts.WriteSealed(sink, key));
                break;
            case IGatherConnector gather:
                parts.Seal(key);
                gather.PutPartsAt(key, parts.All());
                break;
            case IWriteThroughConnector when !parts.IsWhole:
                using (PooledFrame pooled = PooledFrame.Rent(parts.Length))
                {
                    parts.CopySealed(pooled.Memory.Span, key);
                    keyed.PutAt(key, pooled.Memory);
                }

                break;
            default:
                keyed.PutAt(key, parts.ToSealedArray(key));
                break;
        }
    }

    /// <summary>Asynchronous <see cref="PutParts(FrameParts)"/>.</summary>
    private async ValueTask<StoreKey> PutPartsAsync(FrameParts parts, CancellationToken cancellationToken)
    {
        if (Connector is not IKeyedPutConnector keyed || keyed.NewPutKey(parts.Length) is not { } key)
        {
            return await Connector.PutAsync(parts.ToSealedArray(key: null), cancellationToken).ConfigureAwait(false);
        }

        await PutPartsAsync(key, parts, cancellationToken).ConfigureAwait(false);
        return key;
    }

    /// <summary>Asynchronous <see cref="PutParts(StoreKey, FrameParts)"/>.</summary>
    private async ValueTask PutPartsAsync(StoreKey key, FrameParts parts, CancellationToken cancellationToken)
    {
        var keyed = (IKeyedPutConnector)Connector;
        switch (Connector)
        {
            case IOwningConnector owning:
                owning.PutOwnedAt(key, parts.ToSealedArray(key));
                break;
            case IStreamedPutConnector { StreamsWhenAsync: true } streamed:
                cancellationToken.ThrowIfCancellationRequested();
                streamed.PutStreamed(key, parts.Length, sink => parts.WriteSealed(sink, key));
                break;
            case IGatherConnector gather:
                parts.Seal(key);
                await gather.PutPartsAtAsync(key, parts.All(), cancellationToken).ConfigureAwait(false);
                break;
            case IWriteThroughConnector when !parts.IsWhole:
                using (PooledFrame pooled = PooledFrame.Rent(parts.Length))
                {
                    parts.CopySealed(pooled.Memory.Span, key);
                    await keyed.PutAtAsync(key, pooled.Memory, cancellationToken).ConfigureAwait(false);
                }

                break;
            default:
                await keyed.PutAtAsync(key, parts.ToSealedArray(key), cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Where the measurements of one operation on <paramref name="key"/> go.</summary>
    internal OperationRecorder Recorder(MetricsKey key) => new(Metrics?.Entry(key), Name);

    private void RecordPut(StoreKey key, int size, long start, long serialized, long end)
    {
        OperationRecorder record = Recorder(MetricsKey.For(key));
        record.Size(SizeMetric.PutObjectSize, size);
        record.Times(TimeMetric.PutSerialize, start, serialized, TimeMetric.PutConnector, serialized, end, TimeMetric.Put, start, end);
        LogOperation(MetricNames.Put, key, size, start, end);
    }

    private OperationRecorder RecordGet(StoreKey key, long start, long connectorStart, long connectorEnd, long? deserializeEnd, int size, long end)
    {
        OperationRecorder record = Recorder(MetricsKey.For(key));
        record.Count(CounterMetric.GetCacheMisses);
        if (deserializeEnd is long deserialized)
        {
            record.Size(SizeMetric.GetObjectSize, size);
            record.Times(TimeMetric.GetConnector, connectorStart, connectorEnd, TimeMetric.GetDeserialize, connectorEnd, deserialized, TimeMetric.Get, start, end);
            LogOperation(MetricNames.Get, key, size, start, end);
        }
        else
        {
            record.Time(TimeMetric.GetConnector, connectorStart, connectorEnd);
            record.Time(TimeMetric.Get, start, end);
            LogMissing(key, start, end);
        }

        return record;
    }

    private void RecordExists(StoreKey key, long start, long? connectorStart, long end)
    {
        OperationRecorder record = Recorder(MetricsKey.For(key));
        if (connectorStart is long connector)
        {
            record.Time(TimeMetric.ExistsConnector, connector, end);
        }

        record.Time(TimeMetric.Exists, start, end);
        LogOperation(MetricNames.Exists, key, size: null, start, end);
    }

    private void RecordEvict(StoreKey key, long start, long evicted, long end, bool forgetMetrics)
    {
        OperationRecorder record = Recorder(MetricsKey.For(key));
        record.Time(TimeMetric.EvictConnector, start, evicted);
        record.Time(TimeMetric.Evict, start, end);
        LogOperation(MetricNames.Evict, key, size: null, start, end);
        if (forgetMetrics)
        {
            Metrics?.Evicted(key);
        }
    }

    /// <summary>Applies the metrics' policy for evicted keys to <paramref name="key"/>, whose eviction kept its metrics.</summary>
    internal void ForgetEvictedMetrics(StoreKey key) => Metrics?.Evicted(key);
}

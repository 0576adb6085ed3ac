// Kept whole over 400 lines: the steps every store operation shares (serialize, frame, write,
// open, deserialize, record failures), already a part of the partial Store by that concern.
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using ProxyStore.Buffers;
using ProxyStore.Connectors;
using ProxyStore.Serialization;

namespace ProxyStore;

// Steps shared by the synchronous and asynchronous operations: serializing, the cache,
// finishing a get, and recording metrics under the guide's names.
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

    /// <summary>The frame of <paramref name="key"/> open for reading, or <see langword="null"/> when the key is missing.</summary>
    private FrameSource? OpenFrame(StoreKey key)
    {
        if (Connector is IFrameSourceConnector frames)
        {
            return frames.OpenFrame(key);
        }

        return Connector.Get(key) is { } data ? new MemoryFrameSource(data) : null;
    }

    /// <summary>Asynchronous <see cref="OpenFrame"/>.</summary>
    private async ValueTask<FrameSource?> OpenFrameAsync(StoreKey key, CancellationToken cancellationToken)
    {
        if (Connector is IFrameSourceConnector frames)
        {
            return await frames.OpenFrameAsync(key, cancellationToken).ConfigureAwait(false);
        }

        return await Connector.GetAsync(key, cancellationToken).ConfigureAwait(false) is { } data ? new MemoryFrameSource(data) : null;
    }

    /// <summary>
    /// Finishes a get once the connector has answered: records a missing key, or reads the frame
    /// from <paramref name="source"/> (disposing it) and hands the object to the caller.
    /// </summary>
    private bool FinishGet<T>(StoreKey key, FrameSource? source, long cacheGeneration, long start, long connectorStart, long connectorEnd, bool cacheResult, [MaybeNullWhen(false)] out T value)
    {
        if (source is null)
        {
            RecordGet(key, start, connectorStart, connectorEnd, deserializeEnd: null, size: 0, Now());
            value = default;
            return false;
        }

        using (source)
        {
            object? obj = ReadFrame(key, source, typeof(T));

            // Reading a medium piece by piece happens while deserializing; that time is the connector's.
            connectorEnd += source.ReadTicks;
            Deliver(key, obj, source.Length, cacheGeneration, start, connectorStart, connectorEnd, cacheResult, out value);
            return true;
        }
    }

    /// <summary>Reads, checks and deserializes the frame in <paramref name="source"/>.</summary>
    /// <exception cref="StoreSerializationException">The frame is damaged, or its object cannot be deserialized.</exception>
    /// <exception cref="InvalidCastException">The object is not a <paramref name="type"/>.</exception>
    private object? ReadFrame(StoreKey key, FrameSource source, Type type)
    {
        if (_python)
        {
            return ReadUnframed(key, source, type);
        }

        using PayloadReader reader = OpenValueReader(key, source);

        object? obj;
        try
        {
            obj = Serializer is DefaultSerializer serializer
                ? serializer.Deserialize(reader, type)

                // Another serializer may keep what it is given, and a pooled frame is reused: it gets a copy, checked first.
                : Serializer.Deserialize(Checked(reader), type);
            reader.Verify();
            return obj;
        }
        catch (Exception e) when (e is not OperationCanceledException && reader.DamageOrNull() is { } damage)
        {
            // A damaged frame can fail in any way before its checksum is reached: it is reported as the damage it is.
            ObjectFailed(MetricNames.Get, key, damage);
            throw damage;
        }
        catch (StoreSerializationException e) when (e.Message.StartsWith($"The object '{key}' in store '{Name}'", StringComparison.Ordinal))
        {
            // Already the store's own message (the frame's checksum): said as it is.
            ObjectFailed(MetricNames.Get, key, e);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Unreadable(key, type, e);
        }

        static byte[] Checked(PayloadReader reader)
        {
            byte[] payload = reader.Prefix(reader.Length).ToArray();
            reader.Verify();
            return payload;
        }
    }

    /// <summary>
    /// Reads a value stored with no frame (Python's format): all of it, then the serializer.
    /// Nothing checks it first, as it carries no checksum.
    /// </summary>
    private object? ReadUnframed(StoreKey key, FrameSource source, Type type)
    {
        try
        {
            if (!source.TryGetMemory(out ReadOnlyMemory<byte> value))
            {
                byte[] read = GC.AllocateUninitializedArray<byte>(source.Length);
                source.Read(0, read);
                value = read;
            }

            return Serializer.Deserialize(value, type);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Unreadable(key, type, e);
        }
    }

    /// <summary>What a get that could not deserialize <paramref name="key"/>'s object throws, logged and traced.</summary>
    private Exception Unreadable(StoreKey key, Type type, Exception e)
    {
        // The serializer's messages may quote what it read, so they are quoted made printable, and an
        // exception that says more than that is not kept inside (StoredText).
        if (e is InvalidCastException)
        {
            var wrongType = new InvalidCastException(
                $"The object '{key}' in store '{Name}' cannot be read as {type.FullName}: {StoredText.Printable(e.Message, MaxQuotedMessage)}", StoredText.Cause(e));
            ObjectFailed(MetricNames.Get, key, wrongType);
            return wrongType;
        }

        // As at a put: the serializer's own refusal is said once, not wrapped in a copy of itself.
        StoreSerializationException unreadable = e is StoreSerializationException refusal
            ? new($"Store '{Name}' cannot deserialize the object '{key}': {StoredText.Printable(refusal.Message, MaxQuotedMessage)}", StoredText.Cause(refusal.InnerException))
            : new($"Store '{Name}' cannot deserialize the object '{key}': {StoredText.Printable(e.Message, MaxQuotedMessage)}", StoredText.Cause(e));
        ObjectFailed(MetricNames.Get, key, unreadable);
        return unreadable;
    }

    /// <summary>
    /// Opens the frame in <paramref name="source"/> for the value it holds: a producer's failure
    /// stored in the value's place (a future's) is checked and thrown instead.
    /// </summary>
    private PayloadReader OpenValueReader(StoreKey key, FrameSource source)
    {
        PayloadReader reader = OpenReader(key, source);
        if ((reader.Flags & StoredFrame.FailureFlag) == 0)
        {
            return reader;
        }

        using (reader)
        {
            ReadOnlyMemory<byte> failure = reader.Prefix(reader.Length);
            reader.Verify();
            throw FutureFailure.Read(failure.Span, Name, key);
        }
    }

    /// <summary>Opens the frame in <paramref name="source"/>, checking its header; a damaged header is logged and traced as the failure it is.</summary>
    private PayloadReader OpenReader(StoreKey key, FrameSource source)
    {
        try
        {
            return PayloadReader.Open(source, Name, key);
        }
        catch (StoreSerializationException e)
        {
            ObjectFailed(MetricNames.Get, key, e);
            throw;
        }
    }

    /// <summary>Hands a deserialized object to the caller, records the get, and caches the object when it may.</summary>
    private void Deliver<T>(StoreKey key, object? obj, int size, long cacheGeneration, long start, long connectorStart, long connectorEnd, bool cacheResult, out T value)
    {
        long deserialized = Now();
        // Without a cache (a value too large for it, or a caller that evicts it next) nobody else holds what was just
        // deserialized, so it needs no copy.
        bool cached = cacheResult && _cache.Capacity > 0 && size <= _cache.MaxBytes;
        value = Cast<T>(obj, key, shared: cached);
        OperationRecorder record = RecordGet(key, start, connectorStart, connectorEnd, deserialized, size, Now());

        // An evict that ran while these bytes were read must not be undone by caching them.
        if (cached)
        {
            _cache.SetIfUnchanged(key, new CacheEntry(obj, record.Entry), cacheGeneration, size);
        }
    }

    /// <summary><paramref name="obj"/> as a <typeparamref name="T"/>; <paramref name="shared"/> when the cache holds it too.</summary>
    private T Cast<T>(object? obj, StoreKey key, bool shared = true)
    {
        // Most objects are classes the caller asked for: nothing more to look at on a cache hit.
        if (obj is T typed && obj is not Array && !obj.GetType().IsValueType)
        {
            return typed;
        }

        // Every caller owns the arrays it gets, as it would from the connector: a cached array
        // is copied, except into read-only memory, which cannot change it. An array comes back
        // in whichever container the caller asks for (byte[] as ReadOnlyMemory<byte> and so on);
        // byte arrays, the common case, without reflection (whose caches the GC may drop).
        if (obj is byte[] bytes && obj.GetType() == typeof(byte[]))
        {
            if (typeof(T) == typeof(ReadOnlyMemory<byte>) || typeof(T) == typeof(ReadOnlyMemory<byte>?))
            {
                return (T)(object)new ReadOnlyMemory<byte>(bytes);
            }

            if (typeof(T) == typeof(Memory<byte>) || typeof(T) == typeof(Memory<byte>?))
            {
                return (T)(object)new Memory<byte>(shared ? DefaultSerializer.Copy(bytes) : bytes);
            }

            if (bytes is T)
            {
                return (T)(object)(shared ? DefaultSerializer.Copy(bytes) : bytes);
            }
        }

        if (obj is not null && (obj is Array || Serialization.Arrays.ElementCodec.ContainerOf(obj.GetType()) is not null))
        {
            if (Serialization.Arrays.ElementCodec.TryConvert(obj, typeof(T), copy: shared, out object? converted))
            {
                return (T)converted!;
            }
        }

        switch (obj)
        {
            case T other:
                return other;
            case null when default(T) is null:
                return default!;
            default:
                // Logged here rather than around the callers, which include the cache hit: it pays for no handler.
                var wrongType = new InvalidCastException(
                    $"The object '{key}' in store '{Name}' is a {obj?.GetType().FullName ?? "null"}, not a {typeof(T).FullName}.");
                ObjectFailed(MetricNames.Get, key, wrongType);
                throw wrongType;
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

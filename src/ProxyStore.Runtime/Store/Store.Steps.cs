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
    /// <summary>Byte arrays from this size on are framed in a pooled buffer for connectors that only write them out.</summary>
    private const int PooledPutBytes = 64 * 1024;

    /// <summary>Frames from this size on are read by a <see cref="ISplitFrameConnector"/> in two parts, for gets that take byte arrays.</summary>
    private const int SplitGetBytes = 64 * 1024;

    /// <summary>How much of a serializer's message a failed get's message quotes.</summary>
    private const int MaxQuotedMessage = 1000;

    /// <summary>What a split read puts in its head: the frame's header and the serializer's tag.</summary>
    private const int SplitHeadBytes = StoredFrame.HeaderSize + DefaultSerializer.RawBytesOverhead;

    /// <summary>The object serialized inside its <see cref="StoredFrame"/>: what the connector stores.</summary>
    /// <param name="obj">The object.</param>
    /// <param name="operation">The operation that logs a refusal: a put, or a batch put.</param>
    private byte[] SerializeForPut(object? obj, string operation = MetricNames.Put)
    {
        RefuseOversizedBytes(obj, operation);
        bool framing = Serializer is DefaultSerializer;
        byte[] serialized;
        try
        {
            // The default serializer leaves room for the frame, so framing copies nothing.
            serialized = Serializer is DefaultSerializer serializer ? serializer.Serialize(obj, StoredFrame.HeaderSize) : Serializer.Serialize(obj);
        }
        // An owned or borrowed reference that may not be sent is reported as the ownership error it is.
        catch (Exception e) when (e is not (OperationCanceledException or StoreReferenceException))
        {
            // A refusal of the serializer's own is said once: its message, with its cause as the
            // inner exception, rather than inside a copy of itself.
            StoreSerializationException refused = e is StoreSerializationException own
                ? new($"Store '{Name}' refused the object: {own.Message}", own.InnerException)
                : new($"Store '{Name}' cannot serialize an object of type {obj?.GetType().FullName ?? "null"}: {e.Message}", e);
            ObjectFailed(operation, key: null, refused);
            throw refused;
        }

        byte[] framed;
        if (framing)
        {
            framed = serialized;
            StoredFrame.Seal(framed);
        }
        else
        {
            RefuseOversized(StoredFrame.HeaderSize + (long)serialized.Length, operation);
            framed = StoredFrame.Wrap(serialized);
        }

        RefuseOversized(framed.Length, operation);
        return framed;
    }

    /// <summary>
    /// Refuses a byte array (or byte memory) whose frame would be too large, before it is
    /// copied into a frame or written: its size is known without serializing it.
    /// </summary>
    private void RefuseOversizedBytes(object? obj, string operation)
    {
        if (Serializer is DefaultSerializer && DefaultSerializer.TryGetRawMemory(obj, out ReadOnlyMemory<byte> bytes))
        {
            RefuseOversized(SplitHeadBytes + (long)bytes.Length, operation);
        }
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

    private ReadOnlyMemory<byte>[] SerializeBatch<T>(IEnumerable<T> objs)
    {
        // Everything is serialized before anything is written, so a batch with one bad
        // object leaves nothing behind: no object stored, no owned or borrowed reference sent.
        var data = new List<ReadOnlyMemory<byte>>();
        int mark = ReferenceTransfer.Enter();
        bool completed = false;
        try
        {
            foreach (T obj in objs)
            {
                data.Add(SerializeForPut(obj, MetricNames.PutBatch));
            }

            completed = true;
        }
        finally
        {
            ReferenceTransfer.Leave(mark, completed);
        }

        return [.. data];
    }

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
    /// The connector's copy-free side of a get when the store may use it: only with the default
    /// serializer, which never keeps a reference to the bytes it reads.
    /// </summary>
    private IFrameConnector? FrameConnector => Connector is IFrameConnector frames && Serializer is DefaultSerializer ? frames : null;

    /// <summary>The connector's side that keeps a put's frame without a copy, with the default serializer only.</summary>
    private IOwningConnector? OwningConnector => Connector is IOwningConnector owning && Serializer is DefaultSerializer ? owning : null;

    /// <summary>Hands the serialized frame to the connector, which may keep it without a copy.</summary>
    private StoreKey ConnectorPut(byte[] data) => OwningConnector is { } owning ? owning.PutOwned(data) : Connector.Put(data);

    /// <summary>
    /// The frame of <paramref name="obj"/> in a pooled buffer when it is a large byte array and
    /// the connector only writes the frame out (Redis; files take <see cref="GatherHead"/> at the
    /// same size), so that a put allocates no array of the value's size; otherwise
    /// <see langword="null"/>, and the frame gets an array of its own.
    /// </summary>
    /// <remarks>
    /// Only ProxyStore's own writing connectors get a pooled frame: a connector of the user's that
    /// kept the memory it was given, against <see cref="IConnector.Put"/>'s contract, would
    /// otherwise see its objects change under it when the buffer is reused, silently.
    /// </remarks>
    private PooledFrame? SerializeIntoPool(object? obj)
    {
        if (Connector is not RedisConnector || Serializer is not DefaultSerializer
            || !DefaultSerializer.TryGetRawBytes(obj, out ReadOnlySpan<byte> bytes) || bytes.Length < PooledPutBytes)
        {
            return null;
        }

        PooledFrame frame = PooledFrame.Rent(StoredFrame.HeaderSize + DefaultSerializer.RawBytesOverhead + bytes.Length);
        Span<byte> framed = frame.Memory.Span;
        DefaultSerializer.WriteRawBytes(bytes, framed[StoredFrame.HeaderSize..]);
        StoredFrame.Seal(framed);
        return frame;
    }

    /// <summary>
    /// The head of <paramref name="obj"/>'s frame when it is a large byte array and the connector
    /// writes a frame from two parts (files): the array then goes out from the caller's memory,
    /// framed in nothing, and <paramref name="body"/> is it. Otherwise <see langword="null"/>.
    /// </summary>
    private byte[]? GatherHead(object? obj, out ReadOnlyMemory<byte> body)
    {
        if (Connector is not IGatherConnector || Serializer is not DefaultSerializer
            || !DefaultSerializer.TryGetRawMemory(obj, out body) || body.Length < PooledPutBytes)
        {
            body = default;
            return null;
        }

        byte[] head = new byte[SplitHeadBytes];
        DefaultSerializer.WriteRawBytes([], head.AsSpan(StoredFrame.HeaderSize));
        StoredFrame.SealSplit(head, body.Span);
        return head;
    }

    private bool FinishGet<T>(StoreKey key, byte[]? data, long cacheGeneration, long start, long connectorStart, long connectorEnd, bool cacheResult, [MaybeNullWhen(false)] out T value) =>
        FinishGet(key, data is null ? (ReadOnlyMemory<byte>?)null : data, cacheGeneration, start, connectorStart, connectorEnd, cacheResult, out value);

    private bool FinishGet<T>(StoreKey key, ReadOnlyMemory<byte>? data, long cacheGeneration, long start, long connectorStart, long connectorEnd, bool cacheResult, [MaybeNullWhen(false)] out T value)
    {
        if (data is null)
        {
            RecordGet(key, start, connectorStart, connectorEnd, deserializeEnd: null, size: 0, Now());
            value = default;
            return false;
        }

        ReadOnlyMemory<byte> payload;
        try
        {
            payload = StoredFrame.Open(data.Value, Name, key);
        }
        catch (Exception e) when (ObjectFailed(MetricNames.Get, key, e))
        {
            throw;
        }

        object? obj = DeserializeFrame(key, payload, typeof(T));
        Deliver(key, obj, data.Value.Length, cacheGeneration, start, connectorStart, connectorEnd, cacheResult, out value);
        return true;
    }

    /// <summary>Finishes a get whose frame a <see cref="ISplitFrameConnector"/> read as a head and the rest.</summary>
    private bool FinishSplitGet<T>(StoreKey key, ReadOnlySpan<byte> head, byte[] rest, long cacheGeneration, long start, long connectorStart, long connectorEnd, bool cacheResult, [MaybeNullWhen(false)] out T value)
    {
        ReadOnlySpan<byte> first;
        try
        {
            first = StoredFrame.OpenSplit(head, rest, Name, key);
        }
        catch (Exception e) when (ObjectFailed(MetricNames.Get, key, e))
        {
            throw;
        }

        // A byte array is the rest as read; anything else is put back together first (a T that
        // reads as bytes rarely holds anything else).
        object? obj = DefaultSerializer.StartsRawBytes(first) ? rest : DeserializeFrame(key, (byte[])[.. first, .. rest], typeof(T));
        Deliver(key, obj, head.Length + rest.Length, cacheGeneration, start, connectorStart, connectorEnd, cacheResult, out value);
        return true;
    }

    private object? DeserializeFrame(StoreKey key, ReadOnlyMemory<byte> payload, Type type)
    {
        try
        {
            return Serializer.Deserialize(payload, type);
        }
        // The serializer's messages may quote what it read, so they are quoted made printable, and an
        // exception that says more than that is not kept inside (StoredText).
        catch (InvalidCastException e)
        {
            var wrongType = new InvalidCastException(
                $"The object '{key}' in store '{Name}' cannot be read as {type.FullName}: {StoredText.Printable(e.Message, MaxQuotedMessage)}", StoredText.Cause(e));
            ObjectFailed(MetricNames.Get, key, wrongType);
            throw wrongType;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // As at a put: the serializer's own refusal is said once, not wrapped in a copy of itself.
            StoreSerializationException unreadable = e is StoreSerializationException own
                ? new($"Store '{Name}' cannot deserialize the object '{key}': {StoredText.Printable(own.Message, MaxQuotedMessage)}", StoredText.Cause(own.InnerException))
                : new($"Store '{Name}' cannot deserialize the object '{key}': {StoredText.Printable(e.Message, MaxQuotedMessage)}", StoredText.Cause(e));
            ObjectFailed(MetricNames.Get, key, unreadable);
            throw unreadable;
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

    /// <summary>Whether a get of <typeparamref name="T"/> would take a stored byte array as it is: the types a byte array is returned as.</summary>
    private static bool ReadsRawBytes<T>() =>
        typeof(T) == typeof(byte[]) || typeof(T) == typeof(ReadOnlyMemory<byte>) || typeof(T) == typeof(Memory<byte>)
        || typeof(T) == typeof(ReadOnlyMemory<byte>?) || typeof(T) == typeof(Memory<byte>?)
        || typeof(T) == typeof(IList<byte>) || typeof(T) == typeof(IReadOnlyList<byte>);

    /// <summary>
    /// The connector's split read when a get of <typeparamref name="T"/> may use it: a large stored
    /// byte array is then read straight into the array the caller gets.
    /// </summary>
    private ISplitFrameConnector? SplitFrameConnector<T>() => ReadsRawBytes<T>() ? FrameConnector as ISplitFrameConnector : null;

    /// <summary><paramref name="obj"/> as a <typeparamref name="T"/>; <paramref name="shared"/> when the cache holds it too.</summary>
    private T Cast<T>(object? obj, StoreKey key, bool shared = true)
    {
        switch (obj)
        {
            // Every caller owns the bytes it gets, as it would from the connector: the cached
            // array is copied. ReadOnlyMemory<byte> shares it, since nobody can write through it.
            // (Any T a byte[] is, IList<byte> and object included, could write to it.)
            case byte[] bytes when shared && bytes is T:
                return (T)(object)DefaultSerializer.Copy(bytes);
            case T typed:
                return typed;
            case null when default(T) is null:
                return default!;
            case byte[] bytes when typeof(T) == typeof(ReadOnlyMemory<byte>) || typeof(T) == typeof(ReadOnlyMemory<byte>?):
                return (T)(object)new ReadOnlyMemory<byte>(bytes);
            case byte[] bytes when typeof(T) == typeof(Memory<byte>) || typeof(T) == typeof(Memory<byte>?):
                return (T)(object)new Memory<byte>(shared ? DefaultSerializer.Copy(bytes) : bytes);
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

    private void RecordPutBatch(IReadOnlyList<StoreKey> keys, ReadOnlyMemory<byte>[] data, long start, long serialized, long end)
    {
        long sizes = 0;
        foreach (ReadOnlyMemory<byte> item in data)
        {
            sizes += item.Length;
        }

        OperationRecorder record = Recorder(MetricsKey.ForBatch(keys));
        record.Size(SizeMetric.PutBatchObjectSizes, sizes);
        record.Time(TimeMetric.PutBatchSerialize, start, serialized);
        record.Time(TimeMetric.PutBatchConnector, serialized, end);
        record.Time(TimeMetric.PutBatch, start, end);
        LogBatch(keys, sizes, start, end);
    }
}

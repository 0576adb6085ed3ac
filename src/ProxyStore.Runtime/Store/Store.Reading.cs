using System.Diagnostics.CodeAnalysis;
using ProxyStore.Connectors;
using ProxyStore.Serialization;

namespace ProxyStore;

// The read side of a get, shared by the synchronous and asynchronous operations and by GetInto
// and GetView: opening the frame, reading the value from it, and handing it out.
public sealed partial class Store
{
    /// <summary>
    /// The frame of <paramref name="key"/> open for reading, or <see langword="null"/> when the
    /// key is missing; a connector's failure is recorded and logged as the get's.
    /// </summary>
    private FrameSource? OpenFrame(StoreKey key)
    {
        try
        {
            if (Connector is IFrameSourceConnector frames)
            {
                return frames.OpenFrame(key);
            }

            return Connector.Get(key) is { } data ? new MemoryFrameSource(data) : null;
        }
        catch (Exception e) when (ConnectorFailed(MetricNames.Get, key, e))
        {
            throw;
        }
    }

    /// <summary>Asynchronous <see cref="OpenFrame"/>.</summary>
    private async ValueTask<FrameSource?> OpenFrameAsync(StoreKey key, CancellationToken cancellationToken)
    {
        try
        {
            if (Connector is IFrameSourceConnector frames)
            {
                return await frames.OpenFrameAsync(key, cancellationToken).ConfigureAwait(false);
            }

            return await Connector.GetAsync(key, cancellationToken).ConfigureAwait(false) is { } data ? new MemoryFrameSource(data) : null;
        }
        catch (Exception e) when (ConnectorFailed(MetricNames.Get, key, e))
        {
            throw;
        }
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
}

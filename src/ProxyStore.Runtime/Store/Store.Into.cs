using System.Diagnostics;
using System.Runtime.InteropServices;
using ProxyStore.Serialization;
using ProxyStore.Serialization.Arrays;

namespace ProxyStore;

// Gets into the caller's memory: a loop that reads many large arrays reuses one buffer instead
// of making a new array each time, whose fresh memory the system must fault in page by page and
// the garbage collector must later reclaim.
public sealed partial class Store
{
    /// <summary>
    /// Reads the array stored alone under <paramref name="key"/> straight from the medium into
    /// <paramref name="destination"/>, the caller's own memory: no array is allocated. A
    /// multi-dimensional array's elements arrive in row-major order; a <c>byte[]</c> (or byte
    /// memory) is read with <typeparamref name="T"/> <see cref="byte"/>.
    /// </summary>
    /// <typeparam name="T">The array's element type, as it was stored.</typeparam>
    /// <param name="key">The key the array is stored under.</param>
    /// <param name="destination">Where its elements go; at least as long as the stored array.</param>
    /// <returns>The number of elements read (the stored array's length), or <see langword="null"/> when nothing is stored under <paramref name="key"/>.</returns>
    /// <remarks>
    /// Recorded as a get (<c>store.get</c>, a cache miss); the cache is neither read nor filled.
    /// The frame's checksum is checked over the whole object; when a get fails part way, the
    /// destination holds whatever was read and must not be used.
    /// </remarks>
    /// <exception cref="InvalidCastException">The object is not an array of <typeparamref name="T"/> stored alone; nothing was read.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the stored array; nothing was read.</exception>
    /// <exception cref="StoreSerializationException">The stored bytes are damaged.</exception>
    public int? GetInto<T>(StoreKey key, Span<T> destination)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfDisposed();
        if (!ReadsFramesInto)
        {
            return TryGet(key, out object? value, cacheResult: false) ? CopyInto(key, value, destination) : null;
        }

        using Activity? activity = StoreTelemetry.StartActivity(MetricNames.Get, Name, key);
        long start = Now();
        FrameSource? source = OpenFrame(key);

        return FinishInto(key, source, start, Now(), destination);
    }

    /// <summary>Asynchronous <see cref="GetInto{T}(StoreKey, Span{T})"/>: waits for the connector without blocking a thread.</summary>
    /// <typeparam name="T">The array's element type, as it was stored.</typeparam>
    /// <param name="key">The key the array is stored under.</param>
    /// <param name="destination">Where its elements go; at least as long as the stored array.</param>
    /// <param name="cancellationToken">Cancels waiting for the connector.</param>
    /// <returns>The number of elements read, or <see langword="null"/> when nothing is stored under <paramref name="key"/>.</returns>
    /// <exception cref="InvalidCastException">The object is not an array of <typeparamref name="T"/> stored alone; nothing was read.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the stored array; nothing was read.</exception>
    /// <exception cref="StoreSerializationException">The stored bytes are damaged.</exception>
    public async ValueTask<int?> GetIntoAsync<T>(StoreKey key, Memory<T> destination, CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();
        if (!ReadsFramesInto)
        {
            (bool found, object? value) = await TryGetAsync<object>(key, cacheResult: false, cancellationToken).ConfigureAwait(false);
            return found ? CopyInto(key, value, destination.Span) : null;
        }

        using Activity? activity = StoreTelemetry.StartActivity(MetricNames.Get, Name, key);
        long start = Now();
        FrameSource? source = await OpenFrameAsync(key, cancellationToken).ConfigureAwait(false);

        return FinishInto(key, source, start, Now(), destination.Span);
    }

    // Frames this store wrote with its own serializer hold arrays as raw bytes it can read in place.
    private bool ReadsFramesInto => Serializer is DefaultSerializer && !_python;

    private int? FinishInto<T>(StoreKey key, FrameSource? source, long start, long connectorEnd, Span<T> destination)
        where T : unmanaged
    {
        if (source is null)
        {
            RecordGet(key, start, start, connectorEnd, deserializeEnd: null, size: 0, Now());
            return null;
        }

        using (source)
        {
            int count = ReadInto(key, source, destination);
            long end = Now();
            RecordGet(key, start, start, connectorEnd + source.ReadTicks, end, source.Length, end);
            return count;
        }
    }

    private int ReadInto<T>(StoreKey key, FrameSource source, Span<T> destination)
        where T : unmanaged
    {
        using PayloadReader reader = OpenValueReader(key, source);
        (int offset, _, long count) = StoredElements<T>(key, reader, "so it cannot be read into a span");
        if (count > destination.Length)
        {
            throw new ArgumentException(
                $"The array '{key}' in store '{Name}' has {count} elements of {typeof(T).Name}; the destination holds {destination.Length}. Nothing was read.", nameof(destination));
        }

        try
        {
            reader.ReadInto(offset, MemoryMarshal.AsBytes(destination[..(int)count]));
            reader.Verify();
        }
        catch (Exception e) when (e is not OperationCanceledException && reader.DamageOrNull() is { } damage)
        {
            ObjectFailed(MetricNames.Get, key, damage);
            throw damage;
        }

        return (int)count;
    }

    /// <summary>
    /// Where the elements of the array stored alone in <paramref name="reader"/> start in the
    /// value, its shape and its element count: an array's .npy layout, or the raw bytes of a <c>byte[]</c> (which
    /// the serializer keeps after a one-byte tag, with no array header) read as <see cref="byte"/>.
    /// </summary>
    /// <param name="key">The object's key, for messages.</param>
    /// <param name="reader">The object's frame, opened.</param>
    /// <param name="notAnArray">Why something else is refused, for the message ("so it has no view").</param>
    /// <exception cref="InvalidCastException">The value is not an array of <typeparamref name="T"/> stored alone.</exception>
    /// <exception cref="StoreSerializationException">The frame is damaged (reported as such whatever type it claims), or its array head unreadable.</exception>
    private (int Offset, long[] Shape, long Count) StoredElements<T>(StoreKey key, PayloadReader reader, string notAnArray)
        where T : unmanaged
    {
        bool holdsValue = (reader.Flags & StoredFrame.FailureFlag) == 0;
        int bytesOffset = holdsValue ? DefaultSerializer.BytesOffset(reader) : -1;
        if (bytesOffset >= 0 && typeof(T) == typeof(byte))
        {
            long length = reader.Length - bytesOffset;
            return (bytesOffset, [length], length);
        }

        StoredArray? stored;
        try
        {
            stored = holdsValue && bytesOffset < 0 ? DefaultSerializer.TryReadArrayLayout(reader) : null;
        }
        catch (StoreSerializationException e)
        {
            StoreSerializationException reported = reader.DamageOrNull() ?? e;
            ObjectFailed(MetricNames.Get, key, reported);
            throw reported;
        }

        if (stored is not null && stored.Codec.ElementType == typeof(T))
        {
            return (stored.DataOffset, stored.Header.Shape, stored.Header.ElementCount);
        }

        // A damaged frame can claim any type: damage is reported as what it is.
        if (reader.DamageOrNull() is { } damage)
        {
            ObjectFailed(MetricNames.Get, key, damage);
            throw damage;
        }

        Type? storedType = bytesOffset >= 0 ? typeof(byte[]) : stored?.Type;
        var wrong = new InvalidCastException(storedType is null
            ? $"The object '{key}' in store '{Name}' is not an array stored alone, {notAnArray}; get it with Get<T>."
            : $"The object '{key}' in store '{Name}' is a {storedType.FullName}, whose elements are not {typeof(T).FullName}.");
        ObjectFailed(MetricNames.Get, key, wrong);
        throw wrong;
    }

    private int CopyInto<T>(StoreKey key, object? value, Span<T> destination)
        where T : unmanaged
    {
        ArrayView<T> view;
        try
        {
            view = CopiedView<T>(key, value);
        }
        catch (InvalidCastException e)
        {
            ObjectFailed(MetricNames.Get, key, e);
            throw;
        }

        using (view)
        {
            ReadOnlySpan<T> elements = view.Span;
            if (elements.Length > destination.Length)
            {
                throw new ArgumentException(
                    $"The array '{key}' in store '{Name}' has {elements.Length} elements of {typeof(T).Name}; the destination holds {destination.Length}. Nothing was read.", nameof(destination));
            }

            elements.CopyTo(destination);
            return elements.Length;
        }
    }
}

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
        FrameSource? source;
        try
        {
            source = OpenFrame(key);
        }
        catch (Exception e) when (ConnectorFailed(MetricNames.Get, key, e))
        {
            throw;
        }

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
        FrameSource? source;
        try
        {
            source = await OpenFrameAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (ConnectorFailed(MetricNames.Get, key, e))
        {
            throw;
        }

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
        (int offset, long count) = ElementsOf<T>(key, reader);
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

    // Where the elements start in the value and how many there are: an array stored alone, or
    // the raw bytes of a byte[] (which the serializer keeps without an array header).
    private (int Offset, long Count) ElementsOf<T>(StoreKey key, PayloadReader reader)
        where T : unmanaged
    {
        int bytesOffset = DefaultSerializer.BytesOffset(reader);
        if (bytesOffset >= 0 && typeof(T) == typeof(byte))
        {
            return (bytesOffset, reader.Length - bytesOffset);
        }

        StoredArray? stored;
        try
        {
            stored = bytesOffset >= 0 ? null : DefaultSerializer.TryReadArrayLayout(reader);
        }
        catch (StoreSerializationException e)
        {
            StoreSerializationException reported = reader.DamageOrNull() ?? e;
            ObjectFailed(MetricNames.Get, key, reported);
            throw reported;
        }

        if (stored is null || stored.Codec.ElementType != typeof(T))
        {
            // A damaged frame can claim any type: damage is reported as what it is.
            if (reader.DamageOrNull() is { } damage)
            {
                ObjectFailed(MetricNames.Get, key, damage);
                throw damage;
            }

            Type? storedType = bytesOffset >= 0 ? typeof(byte[]) : stored?.Type;
            var wrong = new InvalidCastException(storedType is null
                ? $"The object '{key}' in store '{Name}' is not an array stored alone, so it cannot be read into a span; get it with Get<T>."
                : $"The object '{key}' in store '{Name}' is a {storedType.FullName}, whose elements are not {typeof(T).FullName}.");
            ObjectFailed(MetricNames.Get, key, wrong);
            throw wrong;
        }

        long count = 1;
        foreach (long dimension in stored.Header.Shape)
        {
            count *= dimension;
        }

        return (stored.DataOffset, count);
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

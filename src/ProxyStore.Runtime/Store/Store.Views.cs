using System.Diagnostics;
using ProxyStore.Connectors;
using ProxyStore.Serialization;
using ProxyStore.Serialization.Arrays;

namespace ProxyStore;

// Views: an array stored alone, lent from the medium's memory instead of copied into a new array.
public sealed partial class Store
{
    /// <summary>
    /// A read-only view of the array stored alone under <paramref name="key"/> (any rank), reading
    /// the medium's own memory where the connector holds the object in memory (LocalConnector,
    /// SharedMemoryConnector, FileConnector through the system's file cache): no copy is made,
    /// and the view keeps the object's memory until it is disposed. Other connectors give a view
    /// of an array read as a get reads it (<see cref="ArrayView{T}.SharesMedium"/> says which).
    /// </summary>
    /// <typeparam name="T">The element type of the stored array.</typeparam>
    /// <returns>The view, or <see langword="null"/> when no object is stored under the key.</returns>
    /// <remarks>
    /// The frame's checksum is checked over the whole object before the view is returned. Recorded
    /// as a get (<c>store.get</c>, a cache miss); the cache is neither read nor filled.
    /// </remarks>
    /// <exception cref="InvalidCastException">The object is not an array of <typeparamref name="T"/> stored alone.</exception>
    /// <exception cref="StoreSerializationException">The stored bytes are damaged.</exception>
    public ArrayView<T>? GetView<T>(StoreKey key)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfDisposed();
        if (Connector is not IViewConnector viewer || Serializer is not DefaultSerializer)
        {
            return TryGet(key, out object? value, cacheResult: false) ? CopiedView<T>(key, value) : null;
        }

        using Activity? activity = StoreTelemetry.StartActivity(MetricNames.Get, Name, key);
        long start = Now();
        FrameSource? source;
        try
        {
            source = viewer.OpenView(key);
        }
        catch (Exception e) when (ConnectorFailed(MetricNames.Get, key, e))
        {
            throw;
        }

        long connectorEnd = Now();
        if (source is null)
        {
            RecordGet(key, start, start, connectorEnd, deserializeEnd: null, size: 0, Now());
            return null;
        }

        try
        {
            ArrayView<T> view = ViewOf<T>(key, source);
            RecordGet(key, start, start, connectorEnd, Now(), source.Length, Now());
            return view;
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>Asynchronous <see cref="GetView{T}(StoreKey)"/>.</summary>
    /// <remarks>Lending memory waits for nothing; only connectors that cannot lend read asynchronously.</remarks>
    public async ValueTask<ArrayView<T>?> GetViewAsync<T>(StoreKey key, CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();
        if (Connector is IViewConnector && Serializer is DefaultSerializer)
        {
            return GetView<T>(key);
        }

        (bool found, object? value) = await TryGetAsync<object>(key, cacheResult: false, cancellationToken).ConfigureAwait(false);
        return found ? CopiedView<T>(key, value) : null;
    }

    private ArrayView<T> ViewOf<T>(StoreKey key, FrameSource source)
        where T : unmanaged
    {
        using PayloadReader reader = OpenReader(key, source);
        if (!reader.TryGetMemory(out ReadOnlyMemory<byte> payload))
        {
            throw new InvalidOperationException($"The connector of store '{Name}' lent the object '{key}' for a view without its memory.");
        }

        try
        {
            reader.Verify();
        }
        catch (StoreSerializationException e)
        {
            ObjectFailed(MetricNames.Get, key, e);
            throw;
        }

        (int offset, long[] stored, _) = StoredElements<T>(key, reader, "so it has no view");
        int[] shape = [.. stored.Select(d => (int)d)];
        ReadOnlyMemory<byte> data = payload[offset..];
        return new ArrayView<T>(new Buffers.CastMemory<T>(data).Memory, shape, lease: source, sharesMedium: true);
    }

    private ArrayView<T> CopiedView<T>(StoreKey key, object? value)
        where T : unmanaged
    {
        if (value is Array array && array.GetType().GetElementType() == typeof(T))
        {
            return ArrayView<T>.Over(array);
        }

        if (value is not null && ElementCodec.TryConvert(value, typeof(T[]), copy: false, out object? flat) && flat is T[] elements)
        {
            return ArrayView<T>.Over(elements);
        }

        throw new InvalidCastException($"The object '{key}' in store '{Name}' is a {value?.GetType().FullName ?? "null"}, not an array of {typeof(T).FullName}.");
    }
}

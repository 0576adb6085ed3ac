namespace ProxyStore;

/// <summary>
/// A read-only view of an array stored alone (<c>T[]</c>, <c>T[,]</c> and so on), lent by
/// <see cref="Store.GetView{T}(StoreKey)"/>: where the connector's medium holds the object in
/// memory (LocalConnector, SharedMemoryConnector, the system's file cache for FileConnector) the
/// view reads that memory itself, with no copy, until it is disposed. Dispose it, as a lease:
/// until then it keeps the stored segment mapped and in place.
/// </summary>
/// <remarks>
/// Elements are in C order (the last dimension varies fastest), as in the array that was put.
/// The view's memory is valid until <see cref="Dispose"/>; using <see cref="Span"/> or
/// <see cref="Memory"/> afterwards throws <see cref="ObjectDisposedException"/>, but spans taken
/// before must not be used after it. Thread-safe to read.
/// </remarks>
/// <typeparam name="T">The element type of the stored array.</typeparam>
public sealed class ArrayView<T> : IDisposable
    where T : unmanaged
{
    private readonly ReadOnlyMemory<T> _memory;
    private readonly IDisposable? _lease;
    private int _disposed;

    internal ArrayView(ReadOnlyMemory<T> memory, int[] shape, IDisposable? lease, bool sharesMedium)
    {
        _memory = memory;
        _lease = lease;
        Shape = shape;
        SharesMedium = sharesMedium;
    }

    /// <summary>The elements.</summary>
    /// <exception cref="ObjectDisposedException">The view was disposed.</exception>
    public ReadOnlySpan<T> Span => Memory.Span;

    /// <summary>The elements, as memory valid until the view is disposed.</summary>
    /// <exception cref="ObjectDisposedException">The view was disposed.</exception>
    public ReadOnlyMemory<T> Memory
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
            return _memory;
        }
    }

    /// <summary>The length of each dimension: one for <c>T[]</c>, two for <c>T[,]</c>.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The number of elements.</summary>
    public int Length => _memory.Length;

    /// <summary>
    /// Whether the view reads the medium's own memory (no copy was made); <see langword="false"/>
    /// when the connector cannot lend it (Redis, a connector of the application's) and the view
    /// holds an array read as a get reads it.
    /// </summary>
    public bool SharesMedium { get; }

    /// <summary>The element at <paramref name="index"/> in C order.</summary>
    public T this[int index] => Span[index];

    /// <summary>A new array holding the elements, of the stored rank.</summary>
    public T[] ToArray() => Span.ToArray();

    /// <summary>Ends the lease: the medium's memory is let go. Disposing twice is harmless.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _lease?.Dispose();
        }
    }

    /// <summary>A view over <paramref name="array"/>, an array of <typeparamref name="T"/> of any rank, that shares nothing.</summary>
    internal static ArrayView<T> Over(Array array)
    {
        int[] shape = [.. Enumerable.Range(0, array.Rank).Select(array.GetLength)];
        ReadOnlyMemory<T> memory = array is T[] flat
            ? flat
            : new Buffers.CastMemory<T>(Serialization.Arrays.ArrayBytes.Of(array, 0, array.Length, System.Runtime.CompilerServices.Unsafe.SizeOf<T>())).Memory;
        return new ArrayView<T>(memory, shape, lease: null, sharesMedium: false);
    }
}

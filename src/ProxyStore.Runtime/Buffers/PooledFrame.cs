using System.Buffers;

namespace ProxyStore.Buffers;

/// <summary>
/// A buffer for a frame that only passes through the store on its way to or from a connector: a
/// put's serialized bytes that a file or Redis connector writes out, a get's bytes that a file
/// connector reads in before they are deserialized. Disposing it gives the memory back.
/// </summary>
/// <remarks>
/// Small frames come from <see cref="ArrayPool{T}.Shared"/>. Large ones reuse one retained array
/// of at most <see cref="MaxRetainedBytes"/>: the shared pool keeps arrays of every size it has
/// seen (a 200 MB Redis lease stayed there for good), while a fresh large array costs page faults
/// on every use (on the test VM, allocating and filling 10 MB took 1 to 50 ms) and brings the next
/// full collection closer. A frame larger than the bound, or wanted while another holds the
/// retained array, is a plain array that the GC reclaims.
/// </remarks>
internal sealed class PooledFrame : IMemoryOwner<byte>
{
    /// <summary>The largest array kept between uses: the store's default cache bound.</summary>
    public const int MaxRetainedBytes = 64 << 20;

    /// <summary>Frames up to this size come from the shared pool.</summary>
    private const int SharedPoolBytes = 1 << 20;

    private static byte[]? s_retained;

    private readonly int _length;
    private byte[]? _array;

    private PooledFrame(byte[] array, int length)
    {
        _array = array;
        _length = length;
    }

    /// <inheritdoc />
    public Memory<byte> Memory => new(_array ?? throw new ObjectDisposedException(nameof(PooledFrame)), 0, _length);

    /// <summary>A buffer of exactly <paramref name="length"/> bytes, with unspecified contents.</summary>
    public static PooledFrame Rent(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length <= SharedPoolBytes)
        {
            return new PooledFrame(ArrayPool<byte>.Shared.Rent(length), length);
        }

        if (length <= MaxRetainedBytes && Interlocked.Exchange(ref s_retained, null) is { } retained)
        {
            if (retained.Length >= length)
            {
                return new PooledFrame(retained, length);
            }

            // Too small for this frame: dropped, and a larger one is kept after this use.
        }

        // Rounded up to a MiB so that frames of nearly the same size can share the array.
        int rounded = length <= MaxRetainedBytes ? (int)Math.Min(MaxRetainedBytes, ((long)length + SharedPoolBytes - 1) & ~(long)(SharedPoolBytes - 1)) : length;
        return new PooledFrame(GC.AllocateUninitializedArray<byte>(rounded), length);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        byte[]? array = Interlocked.Exchange(ref _array, null);
        if (array is null)
        {
            return;
        }

        if (array.Length <= SharedPoolBytes)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
        else if (array.Length <= MaxRetainedBytes)
        {
            // Keeps the larger of this array and the one retained now (if another use returned one meanwhile).
            byte[]? previous = Interlocked.Exchange(ref s_retained, array);
            if (previous is not null && previous.Length > array.Length)
            {
                Interlocked.CompareExchange(ref s_retained, previous, array);
            }
        }
    }
}

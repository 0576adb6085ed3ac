using System.Buffers;
using System.Runtime.InteropServices;

namespace ProxyStore.Buffers;

/// <summary>Bytes in memory seen as elements of an unmanaged <typeparamref name="T"/>, without a copy: a view's <see cref="ReadOnlyMemory{T}"/>.</summary>
internal sealed class CastMemory<T>(ReadOnlyMemory<byte> bytes) : MemoryManager<T>
    where T : unmanaged
{
    /// <inheritdoc />
    public override Span<T> GetSpan() => MemoryMarshal.Cast<byte, T>(MemoryMarshal.AsMemory(bytes).Span);

    /// <inheritdoc />
    public override unsafe MemoryHandle Pin(int elementIndex = 0)
    {
        MemoryHandle pinned = bytes.Pin();
        return new MemoryHandle((T*)pinned.Pointer + elementIndex, default, new PinRelease(pinned));
    }

    /// <inheritdoc />
    public override void Unpin()
    {
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
    }
}

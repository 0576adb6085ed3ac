using System.Buffers;
using System.Runtime.InteropServices;

namespace ProxyStore.Buffers;

/// <summary>Memory of an unmanaged <typeparamref name="T"/> seen as its bytes, without a copy: what a connector writes from memory that is not an array.</summary>
internal sealed class ByteMemory<T>(ReadOnlyMemory<T> elements) : MemoryManager<byte>
    where T : unmanaged
{
    /// <inheritdoc />
    public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(MemoryMarshal.AsMemory(elements).Span);

    /// <inheritdoc />
    public override unsafe MemoryHandle Pin(int elementIndex = 0)
    {
        MemoryHandle pinned = elements.Pin();
        return new MemoryHandle((byte*)pinned.Pointer + elementIndex, default, new PinRelease(pinned));
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

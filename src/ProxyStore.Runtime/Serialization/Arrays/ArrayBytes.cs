using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ProxyStore.Serialization.Arrays;

/// <summary>
/// The bytes of an array of unmanaged elements (of any rank) as <see cref="Memory{T}"/> of
/// bytes, without copying them: what a connector writes from the caller's own array.
/// </summary>
/// <remarks>Read-only in use: the store only ever reads through it.</remarks>
internal sealed class ArrayBytes : MemoryManager<byte>
{
    private readonly Array _array;
    private readonly int _offset;
    private readonly int _length;

    private ArrayBytes(Array array, int offset, int length)
    {
        _array = array;
        _offset = offset;
        _length = length;
    }

    /// <summary>The bytes of <paramref name="count"/> elements of <paramref name="size"/> bytes from element <paramref name="start"/> of <paramref name="array"/>.</summary>
    public static ReadOnlyMemory<byte> Of(Array array, int start, int count, int size)
    {
        long offset = (long)start * size;
        long length = (long)count * size;
        if (length > Array.MaxLength)
        {
            throw new StoreSerializationException(
                $"A {array.GetType().FullName} of {count} elements holds {length} bytes, more than one stored object can hold ({Array.MaxLength} bytes).");
        }

        return length == 0 ? ReadOnlyMemory<byte>.Empty : new ArrayBytes(array, (int)offset, (int)length).Memory;
    }

    /// <inheritdoc />
    public override Span<byte> GetSpan() =>
        MemoryMarshal.CreateSpan(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_array), _offset), _length);

    /// <inheritdoc />
    public override MemoryHandle Pin(int elementIndex = 0)
    {
        GCHandle handle = GCHandle.Alloc(_array, GCHandleType.Pinned);
        IntPtr at = handle.AddrOfPinnedObject() + _offset + elementIndex;
        unsafe
        {
            return new MemoryHandle((void*)at, handle, this);
        }
    }

    /// <inheritdoc />
    public override void Unpin()
    {
        // The GCHandle in the MemoryHandle is freed when it is disposed.
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
    }
}

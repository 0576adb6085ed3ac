using System.Buffers;

namespace ProxyStore.Buffers;

/// <summary>Releases the pin of underlying memory when the handle of memory made over it is disposed.</summary>
internal sealed class PinRelease(MemoryHandle pinned) : IPinnable
{
    private MemoryHandle _pinned = pinned;

    /// <inheritdoc />
    public MemoryHandle Pin(int elementIndex) => throw new NotSupportedException("Pinned through the memory it was made for.");

    /// <inheritdoc />
    public void Unpin() => _pinned.Dispose();
}

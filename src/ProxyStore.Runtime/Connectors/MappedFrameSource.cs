using System.Buffers;
using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;

namespace ProxyStore.Connectors;

/// <summary>
/// A stored frame in a file, mapped into this process's memory read-only: the store reads it (or
/// lends it, for a view) where the kernel already holds it, with no read system call per piece.
/// </summary>
/// <remarks>
/// The file stays open, and so locked shared (<see cref="FileShare.Read"/>), until the source is
/// disposed: a <see cref="SharedMemoryConnector"/> reuses an evicted segment only when it can take
/// it exclusively, so a mapped frame never changes under its reader.
/// </remarks>
internal sealed unsafe class MappedFrameSource : FrameSource
{
    private readonly SafeFileHandle _handle;
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly Manager _memory;
    private readonly int _length;
    private int _disposed;

    private MappedFrameSource(SafeFileHandle handle, int length)
    {
        _handle = handle;
        _length = length;
        _map = MemoryMappedFile.CreateFromFile(handle, mapName: null, capacity: 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        try
        {
            _view = _map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            _memory = new Manager(pointer + _view.PointerOffset, length);
        }
        catch
        {
            _view?.Dispose();
            _map.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public override int Length => _length;

    /// <summary>Maps the frame in <paramref name="handle"/> (open for reading, <paramref name="length"/> bytes, not empty); the source owns the handle.</summary>
    public static MappedFrameSource Map(SafeFileHandle handle, int length) => new(handle, length);

    /// <inheritdoc />
    public override bool TryGetMemory(out ReadOnlyMemory<byte> frame)
    {
        ObjectDisposedException.ThrowIf(_disposed == 1, this);
        frame = _memory.Memory;
        return true;
    }

    /// <inheritdoc />
    public override void Read(int offset, Span<byte> destination) => _memory.GetSpan().Slice(offset, destination.Length).CopyTo(destination);

    /// <inheritdoc />
    public override void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
        _handle.Dispose();
    }

    /// <summary>The mapped bytes as <see cref="Memory{T}"/>; valid while the source is not disposed.</summary>
    private sealed class Manager(byte* pointer, int length) : MemoryManager<byte>
    {
        public override Span<byte> GetSpan() => new(pointer, length);

        public override MemoryHandle Pin(int elementIndex = 0) => new(pointer + elementIndex);

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}

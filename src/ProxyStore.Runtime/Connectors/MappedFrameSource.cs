using System.Buffers;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ProxyStore.Connectors;

/// <summary>
/// A stored frame in a file, mapped into this process's memory read-only, for a view: the reader
/// reads the pages the system already holds, with no copy.
/// </summary>
/// <remarks>
/// <para>On Linux the whole frame is mapped with <c>MAP_POPULATE</c>: the pages are mapped in one
/// call instead of one page fault each as they are first read (on the development VM, checking an
/// 8 MiB frame took 5.9 ms fault by fault and 2.0 ms populated). Elsewhere .NET's memory-mapped
/// files map it.</para>
/// <para>The file stays open, and so locked shared (<see cref="FileShare.Read"/>), until the source
/// is disposed: a <see cref="SharedMemoryConnector"/> reuses an evicted segment only when it can
/// take it exclusively, so a mapped frame never changes under its reader.</para>
/// </remarks>
internal sealed unsafe partial class MappedFrameSource : FrameSource
{
    private const int ProtectRead = 1;       // PROT_READ
    private const int MapShared = 0x01;      // MAP_SHARED
    private const int MapPopulate = 0x8000;  // MAP_POPULATE

    private readonly SafeFileHandle _handle;
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _mapped;
    private readonly Manager _memory;
    private readonly int _length;
    private int _disposed;

    private MappedFrameSource(SafeFileHandle handle, int length)
    {
        _handle = handle;
        _length = length;
        byte* pointer;
        if (OperatingSystem.IsLinux())
        {
            _mapped = (byte*)MMap(null, (nuint)length, ProtectRead, MapShared | MapPopulate, (int)handle.DangerousGetHandle(), 0);
            if (_mapped == (byte*)-1)
            {
                throw new IOException($"Cannot map a stored frame of {length} bytes: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}.");
            }

            pointer = _mapped;
        }
        else
        {
            _map = MemoryMappedFile.CreateFromFile(handle, mapName: null, capacity: 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
            try
            {
                _view = _map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
                byte* view = null;
                _view.SafeMemoryMappedViewHandle.AcquirePointer(ref view);
                pointer = view + _view.PointerOffset;
            }
            catch
            {
                _view?.Dispose();
                _map.Dispose();
                throw;
            }
        }

        _memory = new Manager(pointer, length);
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

        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _map!.Dispose();
        }
        else
        {
            _ = MUnmap(_mapped, (nuint)_length);
        }

        _handle.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial void* MMap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int MUnmap(void* address, nuint length);

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

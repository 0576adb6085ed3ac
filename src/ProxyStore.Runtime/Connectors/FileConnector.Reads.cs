using Microsoft.Win32.SafeHandles;
using ProxyStore.Buffers;

namespace ProxyStore.Connectors;

public sealed partial class FileConnector
{
    /// <inheritdoc />
    public byte[]? Get(StoreKey key)
    {
        ThrowIfClosed();
        string path = PathOf(key);
        if (!IsReady(path))
        {
            return null;
        }

        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e)
        {
            ThrowUnlessMissing(e, key, path);
            return null;
        }
    }

    /// <inheritdoc />
    public async ValueTask<byte[]?> GetAsync(StoreKey key, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        string path = PathOf(key);
        if (!IsReady(path))
        {
            return null;
        }

        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            ThrowUnlessMissing(e, key, path);
            return null;
        }
    }

    FrameSource? IFrameSourceConnector.OpenFrame(StoreKey key)
    {
        ThrowIfClosed();
        string path = PathOf(key);
        if (!IsReady(path))
        {
            return null;
        }

        SafeFileHandle? handle = null;
        PooledFrame? frame = null;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
            int length = FrameLength(handle, path);
            if (length > WholeFrameBytes)
            {
                // Large: the store reads it piece by piece, its arrays straight into the caller's.
                FileFrameSource large = new(handle, length, path);
                handle = null;
                return large;
            }

            frame = PooledFrame.Rent(length);
            ReadFully(handle, frame.Memory.Span, 0, length, path);
            MemoryFrameSource small = new(frame.Memory, frame);
            frame = null;
            return small;
        }
        catch (Exception e)
        {
            ThrowUnlessMissing(e, key, path);
            return null;
        }
        finally
        {
            frame?.Dispose();
            handle?.Dispose();
        }
    }

    FrameSource? IViewConnector.OpenView(StoreKey key)
    {
        ThrowIfClosed();
        string path = PathOf(key);
        if (!IsReady(path))
        {
            return null;
        }

        SafeFileHandle? handle = null;
        try
        {
            // Mapped: the view reads the pages the system's file cache holds, with no copy.
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
            int length = FrameLength(handle, path);
            if (length == 0)
            {
                return new MemoryFrameSource(ReadOnlyMemory<byte>.Empty);
            }

            MappedFrameSource mapped = MappedFrameSource.Map(handle, length);
            handle = null;
            return mapped;
        }
        catch (Exception e)
        {
            ThrowUnlessMissing(e, key, path);
            return null;
        }
        finally
        {
            handle?.Dispose();
        }
    }

    async ValueTask<FrameSource?> IFrameSourceConnector.OpenFrameAsync(StoreKey key, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        string path = PathOf(key);
        if (!IsReady(path))
        {
            return null;
        }

        SafeFileHandle? handle = null;
        PooledFrame? frame = null;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
            int length = FrameLength(handle, path);
            if (length > WholeFrameBytes)
            {
                // Read piece by piece while deserializing: positioned reads of a file already opened.
                FileFrameSource large = new(handle, length, path);
                handle = null;
                return large;
            }

            frame = PooledFrame.Rent(length);
            await ReadFullyAsync(handle, frame.Memory, 0, length, path, cancellationToken).ConfigureAwait(false);
            MemoryFrameSource small = new(frame.Memory, frame);
            frame = null;
            return small;
        }
        catch (Exception e)
        {
            ThrowUnlessMissing(e, key, path);
            return null;
        }
        finally
        {
            frame?.Dispose();
            handle?.Dispose();
        }
    }

    // Published files never change, so a short read means the file was cut while being read.
    internal static void ReadFully(SafeFileHandle handle, Span<byte> buffer, long offset, int length, string path)
    {
        int read = 0;
        for (int n; read < buffer.Length && (n = RandomAccess.Read(handle, buffer[read..], offset + read)) > 0;)
        {
            read += n;
        }

        ThrowIfShort(read, buffer.Length, offset, length, path);
    }

    private static async ValueTask ReadFullyAsync(SafeFileHandle handle, Memory<byte> buffer, long offset, int length, string path, CancellationToken cancellationToken)
    {
        int read = 0;
        for (int n; read < buffer.Length && (n = await RandomAccess.ReadAsync(handle, buffer[read..], offset + read, cancellationToken).ConfigureAwait(false)) > 0;)
        {
            read += n;
        }

        ThrowIfShort(read, buffer.Length, offset, length, path);
    }

    private static void ThrowIfShort(int read, int wanted, long offset, int length, string path)
    {
        if (read < wanted)
        {
            throw new IOException($"The file '{path}' ended after {offset + read} of its {length} bytes while being read.");
        }
    }

    // After a failed read: a missing file is a missing key (returns, and the caller returns null),
    // an I/O failure names the key and path, and anything else (a cancellation) goes on as it was thrown.
    internal static void ThrowUnlessMissing(Exception e, StoreKey key, string path)
    {
        if (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return;
        }

        if (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot read the object '{key}' from '{path}': {e.Message}", e);
        }

        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
    }

    internal static int FrameLength(SafeFileHandle handle, string path)
    {
        long length = RandomAccess.GetLength(handle);
        return length <= Array.MaxLength ? (int)length : throw new IOException($"The file '{path}' is larger than one array can hold: it is not an object a store wrote.");
    }
}

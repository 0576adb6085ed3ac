using Microsoft.Win32.SafeHandles;
using ProxyStore.Buffers;

namespace ProxyStore.Connectors;

public sealed partial class SharedMemoryConnector
{
    private FrameSource? Open(StoreKey key, bool forView)
    {
        string path = PathOf(key);
        ThrowIfClosed();
        SafeFileHandle? handle = null;
        PooledFrame? frame = null;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
            int length = FileConnector.FrameLength(handle, path);
            if (length > 0 && forView)
            {
                MappedFrameSource mapped = MappedFrameSource.Map(handle, length);
                handle = null;
                return mapped;
            }

            if (length > ReadWholeBytes)
            {
                // Positioned reads straight into the caller's arrays: a mapping would cost a page
                // fault per page to read (7 ms for 8 MiB on the development VM, against 0.8 ms).
                FileFrameSource large = new(handle, length, path);
                handle = null;
                return large;
            }

            frame = PooledFrame.Rent(length);
            FileConnector.ReadFully(handle, frame.Memory.Span, 0, length, path);
            MemoryFrameSource small = new(frame.Memory, frame);
            frame = null;
            return small;
        }
        catch (Exception e)
        {
            FileConnector.ThrowUnlessMissing(e, key, path);
            return null;
        }
        finally
        {
            frame?.Dispose();
            handle?.Dispose();
        }
    }

    /// <summary>
    /// Writes <paramref name="parts"/> into a segment (a pooled one when there is one of about the
    /// size) under a temporary name, and gives it <paramref name="key"/>'s name once it is
    /// complete and closed. A failure leaves nothing behind.
    /// </summary>
    private void Write(StoreKey key, IReadOnlyList<ReadOnlyMemory<byte>> parts, bool setOnce)
    {
        long total = 0;
        foreach (ReadOnlyMemory<byte> part in parts)
        {
            total += part.Length;
        }

        Write(key, total, sink =>
        {
            long at = 0;
            foreach (ReadOnlyMemory<byte> part in parts)
            {
                sink(part.Span, at);
                at += part.Length;
            }
        }, setOnce);
    }

    private void Write(StoreKey key, long total, Action<FrameSink> write, bool setOnce)
    {
        string path = PathOf(key);
        ThrowIfClosed();

        // A segment larger than an array would be written, and then no get could read it.
        ObjectSizeLimit.CheckReadable(total, this);
        if (setOnce && File.Exists(path))
        {
            throw AlreadySet(key);
        }

        string temp = Path.Join(SegmentDirectory, TempPrefix + key.Id + "-" + StoreKey.NewId());
        try
        {
            using (SafeFileHandle handle = TakeSegment(temp, total) ?? CreateSegment(temp))
            {
                // Positioned writes, not a mapping: the file system copies into the segment's pages
                // without a page fault per page in this process (writing through a mapping cost
                // 26 ms for 8 MiB on the development VM, against 0.7 ms).
                RandomAccess.SetLength(handle, total);
                write((bytes, offset) => RandomAccess.Write(handle, bytes, offset));
            }

            if (setOnce)
            {
                if (!NoReplaceMove.TryMove(temp, path))
                {
                    throw AlreadySet(key);
                }
            }
            else
            {
                File.Move(temp, path, overwrite: true);
            }
        }
        catch
        {
            StoreObjectFiles.TryDelete(temp);
            throw;
        }
    }

    /// <summary>A pooled segment of about <paramref name="size"/> bytes moved to <paramref name="temp"/> and held alone, or <see langword="null"/>.</summary>
    private SafeFileHandle? TakeSegment(string temp, long size)
    {
        while (_pool?.TryTake(size) is { } free)
        {
            try
            {
                File.Move(free, temp);
                return File.OpenHandle(temp, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone, or opened by a reader that found it just before it was evicted: not reused.
                StoreObjectFiles.TryDelete(free);
                StoreObjectFiles.TryDelete(temp);
            }
        }

        return null;
    }

    private SafeFileHandle CreateSegment(string temp)
    {
        try
        {
            return File.OpenHandle(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new IOException(
                $"Cannot put an object into shared memory '{Name}': its directory '{SegmentDirectory}' does not exist. The SharedMemoryConnector that owns " +
                "the name (the one constructed with it) cleared it when it closed, or never created it; connectors recreated from a config do not create it.",
                e);
        }
    }

    /// <summary>Removes the temporary segments of writers that died and the pooled segments of owners that closed without cleaning: no live process holds them.</summary>
    private void RemoveLeftovers()
    {
        foreach (string file in EnumerateFiles())
        {
            string name = Path.GetFileName(file);
            if (!name.StartsWith(TempPrefix, StringComparison.Ordinal) && !name.StartsWith(FreePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                // A writer holds its temporary segment alone until it is published: getting the
                // same hold proves the writer is gone.
                File.OpenHandle(file, FileMode.Open, FileAccess.Write, FileShare.None).Dispose();
                File.Delete(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Held by a live writer, or gone: not this connector's to delete.
            }
        }
    }

    private IEnumerable<string> EnumerateFiles()
    {
        try
        {
            return Directory.EnumerateFiles(SegmentDirectory).ToList();
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }

    /// <summary>The segment of <paramref name="key"/>: plain ids only, so no key from a config or another process can name anything outside the directory.</summary>
    private string PathOf(StoreKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Connector is not null || !StoreKey.IsPlainId(key.Id))
        {
            throw new ArgumentException(
                $"The key '{key}' is not a SharedMemoryConnector key: ids are letters, digits, '-' and '_' only, at most 128 characters.", nameof(key));
        }

        return Path.Join(SegmentDirectory, key.Id);
    }

    private KeyAlreadySetException AlreadySet(StoreKey key) =>
        new(key, $"The key '{key}' already holds an object in {this}; a key is set once.");

    private void ThrowIfClosed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _closed) == 1, this);

    // Root is null for the default root, so configs stay small and portable between hosts.
    internal sealed record Options(string Name, bool Clear, string? Root = null);
}

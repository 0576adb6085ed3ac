using Microsoft.Win32.SafeHandles;

namespace ProxyStore.Connectors;

/// <summary>
/// Tells a store's object files from anything else in their directory by the first bytes: what
/// the file connectors check before they delete a file (<see cref="IGuardedEvictConnector"/>,
/// a clear).
/// </summary>
internal static class StoreObjectFiles
{
    /// <summary>Whether the file at <paramref name="path"/> is a store object; <see langword="null"/> when there is no such file.</summary>
    /// <exception cref="IOException">The file could not be read; the message names the path.</exception>
    public static bool? Holds(string path)
    {
        SafeFileHandle handle;
        try
        {
            // Delete sharing, so the check never stands in the way of another evict.
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (UnauthorizedAccessException e)
        {
            // A directory, or a file this process may not read: neither is a store object it wrote.
            throw new IOException($"Cannot check '{path}' before deleting it: {e.Message}", e);
        }

        using (handle)
        {
            Span<byte> header = stackalloc byte[StoredFrame.HeaderSize];
            int read = 0;
            while (read < header.Length)
            {
                int n = RandomAccess.Read(handle, header[read..], read);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            return StoredFrame.IsStoreObject(header[..read], RandomAccess.GetLength(handle));
        }
    }

    /// <summary>Deletes the store object at <paramref name="path"/>; a missing file is ignored.</summary>
    /// <exception cref="ForeignObjectException">The file is not a store object; it was left in place.</exception>
    public static void Delete(string path, StoreKey key, string location)
    {
        switch (Holds(path))
        {
            case null:
                return;
            case false:
                throw new ForeignObjectException(key, location);
            default:
                try
                {
                    File.Delete(path);
                }
                catch (DirectoryNotFoundException)
                {
                    // The directory went after the check, and the object with it.
                }

                return;
        }
    }

    /// <summary>Deletes the file at <paramref name="path"/> if it is a store object; anything else stays, and failures are ignored (a clear goes on).</summary>
    public static void DeleteIfStoreObject(string path)
    {
        try
        {
            if (Holds(path) == true)
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone, unreadable or held: a clear deletes what it can and leaves the rest.
        }
    }

    /// <summary>
    /// A clear: deletes the store objects among <paramref name="files"/> and the scratch files
    /// (names starting with one of <paramref name="scratchPrefixes"/>), then the directory if
    /// nothing else is left in it. A file the store did not write stays, and so does its directory.
    /// </summary>
    public static void ClearDirectory(string directory, IEnumerable<string> files, params ReadOnlySpan<string> scratchPrefixes)
    {
        foreach (string file in files)
        {
            string name = Path.GetFileName(file);
            if (IsScratch(name, scratchPrefixes))
            {
                // A live writer's put fails at its rename and is reported there; the store is closing.
                TryDelete(file);
            }
            else if (StoreKey.IsPlainId(name))
            {
                DeleteIfStoreObject(file);
            }
        }

        try
        {
            Directory.Delete(directory, recursive: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Something the store did not write is in it, or it is gone already: left as it is.
        }
    }

    private static bool IsScratch(string name, ReadOnlySpan<string> scratchPrefixes)
    {
        foreach (string prefix in scratchPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Deletes <paramref name="path"/> where a failure to delete is not the caller's news: a
    /// temporary file after a failed write, a leftover, a clear. Gone, held or not ours: ignored.
    /// </summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // What the caller reports, if anything, happened before.
        }
    }
}

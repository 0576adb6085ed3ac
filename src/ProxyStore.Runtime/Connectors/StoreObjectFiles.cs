using Microsoft.Win32.SafeHandles;
using ProxyStore.Serialization;

namespace ProxyStore.Connectors;

/// <summary>
/// Tells a store's object files from anything else in their directory by the first bytes: what
/// the file connectors check before they delete a file (<see cref="IGuardedEvictConnector"/>,
/// a clear). In Python's format (<see cref="ValueFormat.Python"/>) a store object is a file that
/// starts with a Python tag, beside its empty <c>&lt;id&gt;.ready</c> marker.
/// </summary>
internal static class StoreObjectFiles
{
    /// <summary>The suffix of the marker Python's FileConnector writes beside each object once it is complete.</summary>
    public const string ReadySuffix = ".ready";

    /// <summary>Whether the file at <paramref name="path"/> is a store object in <paramref name="format"/>; <see langword="null"/> when there is no such file.</summary>
    /// <exception cref="IOException">The file could not be read; the message names the path.</exception>
    public static bool? Holds(string path, ValueFormat format = ValueFormat.ProxyStore)
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

            return format == ValueFormat.Python
                ? PythonValues.IsTagged(header[..read])
                : StoredFrame.IsStoreObject(header[..read], RandomAccess.GetLength(handle));
        }
    }

    /// <summary>Deletes the store object at <paramref name="path"/>; a missing file is ignored.</summary>
    /// <exception cref="ForeignObjectException">The file is not a store object; it was left in place.</exception>
    public static void Delete(string path, StoreKey key, string location, ValueFormat format = ValueFormat.ProxyStore)
    {
        switch (Holds(path, format))
        {
            case null:
                if (format == ValueFormat.Python)
                {
                    // A marker whose object is gone marks nothing.
                    TryDelete(path + ReadySuffix);
                }

                return;
            case false:
                throw new ForeignObjectException(key, location);
            default:
                try
                {
                    // The marker first, as a reader checks it first: nobody finds a marker without its object.
                    if (format == ValueFormat.Python)
                    {
                        File.Delete(path + ReadySuffix);
                    }

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
    public static void DeleteIfStoreObject(string path, ValueFormat format = ValueFormat.ProxyStore)
    {
        try
        {
            if (Holds(path, format) == true)
            {
                if (format == ValueFormat.Python)
                {
                    File.Delete(path + ReadySuffix);
                }

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
    public static void ClearDirectory(string directory, IEnumerable<string> files, params ReadOnlySpan<string> scratchPrefixes) =>
        ClearDirectory(directory, files, ValueFormat.ProxyStore, scratchPrefixes);

    /// <summary>
    /// <see cref="ClearDirectory(string, IEnumerable{string}, ReadOnlySpan{string})"/> of objects in
    /// <paramref name="format"/>; in Python's, each object's marker goes with it, and so do empty
    /// markers whose object is gone.
    /// </summary>
    public static void ClearDirectory(string directory, IEnumerable<string> files, ValueFormat format, params ReadOnlySpan<string> scratchPrefixes)
    {
        var markers = new List<string>();
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
                DeleteIfStoreObject(file, format);
            }
            else if (format == ValueFormat.Python && name.EndsWith(ReadySuffix, StringComparison.Ordinal) && StoreKey.IsPlainId(name.AsSpan(0, name.Length - ReadySuffix.Length)))
            {
                markers.Add(file);
            }
        }

        foreach (string marker in markers)
        {
            if (!File.Exists(marker[..^ReadySuffix.Length]) && new FileInfo(marker) is { Exists: true, Length: 0 })
            {
                TryDelete(marker);
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

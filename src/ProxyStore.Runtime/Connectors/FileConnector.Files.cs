using Microsoft.Win32.SafeHandles;

namespace ProxyStore.Connectors;

public sealed partial class FileConnector
{
    /// <summary>
    /// The file of <paramref name="key"/>. Keys may come from a config or another process,
    /// so only plain names are accepted: nothing can point outside the store directory.
    /// </summary>
    private string PathOf(StoreKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Connector is not null || !StoreKey.IsPlainId(key.Id))
        {
            throw new ArgumentException(
                $"The key '{key}' is not a FileConnector key: ids are letters, digits, '-' and '_' only, at most 128 characters.",
                nameof(key));
        }

        return Path.Join(StoreDirectory, key.Id);
    }

    // Keys are new random ids, so the temporary name is unique too (and CreateNew refuses a clash).
    private string TempPathFor(StoreKey key) => Path.Join(StoreDirectory, TempPrefix + key.Id);

    /// <summary>
    /// Creates the temporary file of a put with <see cref="FileShare.None"/>, which it keeps until
    /// the file has its final name: on Unix .NET takes an exclusive <c>flock</c> for it, on Windows
    /// it is a share mode. That hold is how <see cref="RemoveAbandonedTemporaryFiles"/> tells a
    /// live writer, in any process, from a dead one.
    /// </summary>
    /// <remarks>
    /// .NET creates the file before it locks it, and a connector opening the directory in between
    /// may take the new file for a dead writer's: then either this lock fails or the file is gone
    /// at the rename (<see cref="Publish"/>). Both throw <see cref="TemporaryFileLostException"/>,
    /// and the put starts again under a new key.
    /// </remarks>
    private SafeFileHandle CreateTemporary(string temp, FileOptions options)
    {
        try
        {
            return File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, options);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new IOException(
                $"Cannot put an object into '{StoreDirectory}': the directory does not exist. The FileConnector that owns it " +
                "(the one constructed on it) cleared it when it closed, or never created it; connectors recreated from a config do not create it.",
                e);
        }
        catch (IOException e) when (e.GetType() == typeof(IOException))
        {
            // Not every platform says which plain IOException a refused lock is; another attempt
            // costs one more failure at worst (a full disk fails again, and is reported then).
            throw new TemporaryFileLostException($"Cannot create the temporary file '{temp}': {e.Message}", e);
        }
    }

    private void FlushIfDurable(SafeFileHandle handle)
    {
        if (Durable)
        {
            // Before the rename: otherwise a crash could keep the new name but not the data.
            RandomAccess.FlushToDisk(handle);
        }
    }

    private void SyncDirectoryIfDurable()
    {
        if (Durable)
        {
            // The rename is only an entry in the directory: until that is on disk, a crash can undo it.
            DirectorySync.Flush(StoreDirectory);
        }
    }

    /// <summary>Moves a fully written temporary file to its key's path, so readers never see part of an object.</summary>
    /// <remarks>The path is a new random id that nothing else writes, so a plain rename (one system call) is enough.</remarks>
    private static void Publish(string temp, string path)
    {
        try
        {
            File.Move(temp, path, overwrite: true);
        }
        catch (FileNotFoundException e)
        {
            throw new TemporaryFileLostException(
                $"The temporary file '{temp}' was removed before it could become '{path}': a FileConnector opening the directory took it " +
                "for a dead writer's leftover (every time, if the file system does not support locks), or the directory was deleted.",
                e);
        }
    }

    /// <summary>
    /// Deletes the temporary files of puts whose writers died (killed mid-write): their objects
    /// were never published, and nothing else would remove them.
    /// </summary>
    /// <remarks>
    /// A writer holds its temporary file with <see cref="FileShare.None"/> until it has its final
    /// name, so taking the same hold succeeds only on a file whose writer is gone; a file that
    /// cannot be taken belongs to a live writer, maybe in another process, and stays.
    /// </remarks>
    private void RemoveAbandonedTemporaryFiles()
    {
        foreach (string temp in Directory.EnumerateFiles(StoreDirectory, TempPrefix + "*"))
        {
            try
            {
                // Getting the hold proves the writer is gone, and names are never reused, so the
                // file can go once the hold is released (Windows cannot delete a held file).
                // Write access, because on NFS an exclusive lock needs it. Not DeleteOnClose: .NET
                // deletes the file even when the lock is refused, a live writer's file included.
                File.OpenHandle(temp, FileMode.Open, FileAccess.Write, FileShare.None).Dispose();
                File.Delete(temp);
            }
            catch (IOException)
            {
                // Held by a live writer, or already published or removed: not ours to delete.
            }
            catch (UnauthorizedAccessException)
            {
                // Another user's write in a shared directory: not ours to delete either.
            }
        }
    }

    private void ThrowIfClosed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _closed) == 1, this);

    /// <summary>A put lost its temporary file before publishing it; another attempt may succeed.</summary>
    private sealed class TemporaryFileLostException(string message, Exception innerException) : IOException(message, innerException);

    // Durable and ValueFormat default so that configs written before them still read; a
    // connector in this library's format writes no ValueFormat, so its config is as it was.
    internal sealed record Options(
        string StoreDirectory,
        bool Clear,
        bool Durable = false,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
        [property: System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ValueFormat>))]
        ValueFormat ValueFormat = ValueFormat.ProxyStore);
}

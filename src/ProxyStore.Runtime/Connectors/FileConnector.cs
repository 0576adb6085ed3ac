using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace ProxyStore.Connectors;

/// <summary>
/// Stores each object as a file in one directory, typically on a file system that several
/// processes or machines share. A file appears under its final name only once it is
/// completely written, so a reader never sees half an object.
/// </summary>
public sealed class FileConnector : IConnector
{
    internal const string KindName = "file";
    private const string TempPrefix = ".tmp-";

    private readonly bool _ownsDirectory;
    private int _closed;

    /// <summary>Creates a connector on <paramref name="storeDirectory"/>, creating the directory if needed.</summary>
    /// <param name="storeDirectory">The directory objects are written to; made absolute.</param>
    /// <param name="clear">Whether <see cref="Close()"/> deletes the directory and everything in it.</param>
    /// <exception cref="ArgumentException"><paramref name="storeDirectory"/> is null or empty.</exception>
    public FileConnector(string storeDirectory, bool clear = true)
        : this(storeDirectory, clear, ownsDirectory: true)
    {
    }

    private FileConnector(string storeDirectory, bool clear, bool ownsDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storeDirectory);
        StoreDirectory = Path.GetFullPath(storeDirectory);
        Clear = clear;
        _ownsDirectory = ownsDirectory;
        Directory.CreateDirectory(StoreDirectory);
    }

    /// <summary>The absolute directory objects are written to.</summary>
    public string StoreDirectory { get; }

    /// <summary>Whether <see cref="Close()"/> deletes <see cref="StoreDirectory"/>.</summary>
    public bool Clear { get; }

    /// <inheritdoc />
    public StoreKey Put(ReadOnlyMemory<byte> data)
    {
        ThrowIfClosed();
        var key = new StoreKey(StoreKey.NewId());
        string path = PathOf(key);
        string temp = TempPathFor(key);
        try
        {
            // A handle and a positioned write: no FileStream buffer to fill and flush.
            using (SafeFileHandle handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                RandomAccess.Write(handle, data.Span, fileOffset: 0);
            }

            Publish(temp, path);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        return key;
    }

    /// <inheritdoc />
    public async ValueTask<StoreKey> PutAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        var key = new StoreKey(StoreKey.NewId());
        string path = PathOf(key);
        string temp = TempPathFor(key);
        try
        {
            using (SafeFileHandle handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.Asynchronous))
            {
                await RandomAccess.WriteAsync(handle, data, fileOffset: 0, cancellationToken).ConfigureAwait(false);
            }

            Publish(temp, path);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        return key;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<StoreKey>> PutBatchAsync(IReadOnlyList<ReadOnlyMemory<byte>> data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var keys = new List<StoreKey>(data.Count);
        try
        {
            foreach (ReadOnlyMemory<byte> item in data)
            {
                keys.Add(await PutAsync(item, cancellationToken).ConfigureAwait(false));
            }
        }
        catch
        {
            // All or nothing, as for a synchronous batch.
            foreach (StoreKey key in keys)
            {
                TryDelete(PathOf(key));
            }

            throw;
        }

        return keys;
    }

    /// <inheritdoc />
    public byte[]? Get(StoreKey key)
    {
        ThrowIfClosed();
        string path = PathOf(key);
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot read the object '{key}' from '{path}': {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public async ValueTask<byte[]?> GetAsync(StoreKey key, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        string path = PathOf(key);
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot read the object '{key}' from '{path}': {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public bool Exists(StoreKey key)
    {
        ThrowIfClosed();
        return File.Exists(PathOf(key));
    }

    /// <inheritdoc />
    public void Evict(StoreKey key)
    {
        ThrowIfClosed();
        string path = PathOf(key);
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // The directory is gone, and the object with it.
        }
    }

    /// <inheritdoc />
    public ConnectorConfig GetConfig() => ConnectorConfig.Create(KindName, new Options(StoreDirectory, Clear));

    /// <summary>
    /// Closes the connector, deleting <see cref="StoreDirectory"/> when <see cref="Clear"/> is
    /// set and this connector was made with the constructor. A connector recreated from a
    /// config (for a proxy, or in another process) never deletes the directory on its own:
    /// the objects belong to the process that created the store.
    /// </summary>
    public void Close() => Close(Clear && _ownsDirectory);

    /// <summary>Closes the connector; <paramref name="clear"/> overrides <see cref="Clear"/> for this call.</summary>
    public void Close(bool clear)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        if (clear)
        {
            try
            {
                Directory.Delete(StoreDirectory, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
                // Another connector on the same directory cleared it first.
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"FileConnector({StoreDirectory})";

    internal static IConnector FromOptions(JsonElement options)
    {
        Options read = ConnectorConfig.ReadOptions<Options>(KindName, options);
        return new FileConnector(read.StoreDirectory, read.Clear, ownsDirectory: false);
    }

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

    /// <summary>Moves a fully written temporary file to its key's path, so readers never see part of an object.</summary>
    /// <remarks>The path is a new random id that nothing else writes, so a plain rename (one system call) is enough.</remarks>
    private static void Publish(string temp, string path) => File.Move(temp, path, overwrite: true);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The write already failed; that failure is what the caller needs to see.
        }
    }

    private void ThrowIfClosed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _closed) == 1, this);

    private sealed record Options(string StoreDirectory, bool Clear);
}

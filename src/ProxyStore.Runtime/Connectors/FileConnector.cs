using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using ProxyStore.Buffers;

namespace ProxyStore.Connectors;

/// <summary>
/// Stores each object as a file in one directory, typically on a file system that several
/// processes or machines share. A file appears under its final name only once it is
/// completely written, so a reader never sees half an object.
/// </summary>
/// <remarks>
/// <para><b>Atomic; durable only on request.</b> A put writes a temporary file
/// (<c>.tmp-</c> and the key) and renames it to the key once complete, so a reader finds a
/// whole object or none, even when the writer is killed in the middle. Without
/// <see cref="Durable"/> the data may still sit in the OS's cache when the put returns: a
/// power loss or an OS crash can lose recent objects or leave them truncated. With it, each
/// put flushes the file to disk before the rename and the directory after it.</para>
/// <para><b>Who clears what.</b> Only a connector made with the constructor owns its
/// directory: it creates the directory, removes the temporary files of writers that died
/// (killed mid-put) when it opens, and, if <see cref="Clear"/> is set, deletes its objects
/// and temporary files when it closes, and the directory when nothing else is left in it. A connector recreated from <see cref="GetConfig"/> (for a proxy, by
/// <see cref="Store.FromConfig"/> or <see cref="StoreRegistry.GetOrCreate"/>, in another
/// process) never creates, cleans or deletes the directory: when its owner has deleted it,
/// gets find nothing and puts fail. <see cref="Close(bool)"/> with <c>clear: false</c> never
/// deletes anything.</para>
/// </remarks>
public sealed class FileConnector : IDeferrableConnector, IFrameSourceConnector, IGatherConnector, IStreamedPutConnector, IViewConnector, IGuardedEvictConnector
{
    internal const string KindName = "file";
    private const string TempPrefix = ".tmp-";

    // Frames up to this size are read whole in one call; larger ones piece by piece, by the store.
    private const int WholeFrameBytes = 64 * 1024;

    // A put whose temporary file another connector took (see CreateTemporary) starts again; more
    // than one such loss in a row means the file system has no working locks, and is reported.
    private const int PutAttempts = 3;

    // Renaming the temporary file while its writer still holds it leaves no moment in which a
    // connector opening the directory could take it for a dead writer's leftover. Windows cannot
    // rename a file open with FileShare.None, so there the writer renames it just after closing it.
    // A set publishes after closing everywhere: its key is known to readers polling for it, and
    // one that opened the published file while the writer still held it exclusively failed with
    // a sharing violation. A leftover taken in that moment makes the set start again, as a put would.
    private static readonly bool PublishWhileHeld = !OperatingSystem.IsWindows();

    private readonly bool _ownsDirectory;
    private int _closed;

    /// <summary>
    /// Creates a connector that owns <paramref name="storeDirectory"/>: it creates the directory
    /// if needed and removes the temporary files that writers killed mid-put left in it.
    /// </summary>
    /// <param name="storeDirectory">The directory objects are written to; made absolute.</param>
    /// <param name="clear">Whether <see cref="Close()"/> deletes the directory and everything in it.</param>
    /// <param name="durable">Whether each put is flushed to disk before it returns (see <see cref="Durable"/>).</param>
    /// <exception cref="ArgumentException"><paramref name="storeDirectory"/> is null or empty.</exception>
    /// <exception cref="FileConnectorException">The directory cannot be created or listed; the message says which and why.</exception>
    public FileConnector(string storeDirectory, bool clear = true, bool durable = false)
        : this(storeDirectory, clear, durable, ownsDirectory: true)
    {
    }

    private FileConnector(string storeDirectory, bool clear, bool durable, bool ownsDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storeDirectory);
        StoreDirectory = Path.GetFullPath(storeDirectory);
        Clear = clear;
        Durable = durable;
        _ownsDirectory = ownsDirectory;

        // A recreated connector must not bring back a directory its owner deleted on close:
        // proxies of a disposed store would silently find an empty store instead of none.
        if (ownsDirectory)
        {
            try
            {
                Directory.CreateDirectory(StoreDirectory);
                RemoveAbandonedTemporaryFiles();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new FileConnectorException($"FileConnector cannot use the store directory '{StoreDirectory}': {WhyNotUsable(StoreDirectory, e)}", StoreDirectory, e);
            }
        }
    }

    /// <summary>
    /// Why <paramref name="directory"/> could not be made or listed, from the nearest part of its
    /// path that exists: a file in the way, or the system's own reason.
    /// </summary>
    private static string WhyNotUsable(string directory, Exception e)
    {
        for (string? part = Path.GetDirectoryName(directory); part is not null; part = Path.GetDirectoryName(part))
        {
            if (File.Exists(part))
            {
                return $"'{part}' is a file, not a directory.";
            }

            if (Directory.Exists(part))
            {
                break;
            }
        }

        return e is UnauthorizedAccessException ? $"access is denied ({e.Message})" : e.Message;
    }

    /// <summary>The absolute directory objects are written to.</summary>
    public string StoreDirectory { get; }

    /// <summary>
    /// Whether <see cref="Close()"/> deletes <see cref="StoreDirectory"/>. Only a connector made
    /// with the constructor acts on it; one recreated from a config carries it along but never clears.
    /// </summary>
    public bool Clear { get; }

    /// <summary>
    /// Whether a put survives a power loss or an OS crash once it returns: the file's data is
    /// flushed to disk (fsync) before the rename, and, on Linux, the directory after it. Puts
    /// are slower by a disk flush or two. Connectors recreated from the config are durable too.
    /// </summary>
    public bool Durable { get; }

    /// <inheritdoc />
    /// <exception cref="IOException">The object could not be written, or <see cref="StoreDirectory"/> does not exist.</exception>
    public StoreKey Put(ReadOnlyMemory<byte> data)
    {
        var key = new StoreKey(StoreKey.NewId());
        ((IGatherConnector)this).PutPartsAt(key, [data]);
        return key;
    }

    /// <inheritdoc />
    /// <exception cref="IOException">The object could not be written, or <see cref="StoreDirectory"/> does not exist.</exception>
    public async ValueTask<StoreKey> PutAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        var key = new StoreKey(StoreKey.NewId());
        await ((IGatherConnector)this).PutPartsAtAsync(key, [data], cancellationToken).ConfigureAwait(false);
        return key;
    }

    StoreKey? IKeyedPutConnector.NewPutKey(long size) => NewKey();

    void IKeyedPutConnector.PutAt(StoreKey key, ReadOnlyMemory<byte> frame) => ((IGatherConnector)this).PutPartsAt(key, [frame]);

    ValueTask IKeyedPutConnector.PutAtAsync(StoreKey key, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken) =>
        ((IGatherConnector)this).PutPartsAtAsync(key, [frame], cancellationToken);

    void IGatherConnector.PutPartsAt(StoreKey key, IReadOnlyList<ReadOnlyMemory<byte>> parts) =>
        PutWritten(key, LengthOf(parts), handle => WriteParts(handle, parts));

    void IStreamedPutConnector.PutStreamed(StoreKey key, long length, Action<FrameSink> write) =>
        PutWritten(key, length, handle => write((bytes, offset) => RandomAccess.Write(handle, bytes, offset)));

    bool IStreamedPutConnector.StreamsWhenAsync => false;

    private void PutWritten(StoreKey key, long length, Action<SafeFileHandle> write)
    {
        string path = PathOf(key);
        ThrowIfClosed();
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                // A failed put leaves nothing behind: no temporary file, no object nobody has the key of.
                WriteAndPublish(key, attempt == 1 ? TempPathFor(key) : SetTempPathFor(key), path, length, write, setOnce: false);
                return;
            }
            catch (TemporaryFileLostException) when (attempt < PutAttempts)
            {
                // Nothing was published; the next attempt uses a new temporary file.
            }
        }
    }

    async ValueTask IGatherConnector.PutPartsAtAsync(StoreKey key, IReadOnlyList<ReadOnlyMemory<byte>> parts, CancellationToken cancellationToken)
    {
        string path = PathOf(key);
        ThrowIfClosed();
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await WriteAndPublishAsync(key, attempt == 1 ? TempPathFor(key) : SetTempPathFor(key), path, parts, setOnce: false, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (TemporaryFileLostException) when (attempt < PutAttempts)
            {
                // Nothing was published; the next attempt uses a new temporary file.
            }
        }
    }

    /// <inheritdoc />
    public StoreKey NewKey()
    {
        ThrowIfClosed();
        return new StoreKey(StoreKey.NewId());
    }

    /// <inheritdoc />
    /// <remarks>
    /// Written like a put, through a temporary file moved under the key's name once complete and
    /// closed, so a reader polling the key finds the whole object or none. The move refuses to
    /// replace an existing file (a hard link on Linux), so of two producers racing on one key, in
    /// any processes, exactly one wins.
    /// </remarks>
    /// <exception cref="IOException">The object could not be written, or <see cref="StoreDirectory"/> does not exist.</exception>
    public void Set(StoreKey key, ReadOnlyMemory<byte> data)
    {
        string path = PathOf(key);
        ThrowIfClosed();
        ThrowIfSet(key, path);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                SetOnce(key, path, data);
                return;
            }
            catch (TemporaryFileLostException) when (attempt < PutAttempts)
            {
                // Nothing was published; the next attempt uses a new temporary file.
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="IOException">The object could not be written, or <see cref="StoreDirectory"/> does not exist.</exception>
    public async ValueTask SetAsync(StoreKey key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        string path = PathOf(key);
        ThrowIfClosed();
        ThrowIfSet(key, path);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await SetOnceAsync(key, path, data, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (TemporaryFileLostException) when (attempt < PutAttempts)
            {
                // Nothing was published; the next attempt uses a new temporary file.
            }
        }
    }

    // Unlike a put's, the final name is not new, so two setters of one key need temporary files
    // of their own: the key's id and a fresh random id. Once published, the file is the key's
    // object even if syncing the directory failed, so a failed set removes only its temporary file.
    private void SetOnce(StoreKey key, string path, ReadOnlyMemory<byte> data) =>
        WriteAndPublish(key, SetTempPathFor(key), path, data.Length, handle => RandomAccess.Write(handle, data.Span, fileOffset: 0), setOnce: true);

    private ValueTask SetOnceAsync(StoreKey key, string path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        WriteAndPublishAsync(key, SetTempPathFor(key), path, [data], setOnce: true, cancellationToken);

    private string SetTempPathFor(StoreKey key) => Path.Join(StoreDirectory, TempPrefix + key.Id + "-" + StoreKey.NewId());

    /// <summary>
    /// Writes <paramref name="length"/> bytes with <paramref name="write"/> to the new temporary
    /// file <paramref name="temp"/> and moves it to <paramref name="path"/>: by a plain rename for a
    /// put, refusing a key already set for a set. A failure removes the temporary file, and for a
    /// put also the published file.
    /// </summary>
    private void WriteAndPublish(StoreKey key, string temp, string path, long length, Action<SafeFileHandle> write, bool setOnce)
    {
        // A file larger than an array would be written, and then no get could read it.
        ObjectSizeLimit.CheckReadable(length, this);
        bool published = false;
        try
        {
            // A handle and a positioned write: no FileStream buffer to fill and flush.
            using (SafeFileHandle handle = CreateTemporary(temp, FileOptions.None))
            {
                write(handle);
                FlushIfDurable(handle);
                if (PublishWhileHeld && !setOnce)
                {
                    MoveIntoPlace(key, temp, path, setOnce);
                    published = true;
                }
            }

            if (!published)
            {
                MoveIntoPlace(key, temp, path, setOnce);
                published = true;
            }

            SyncDirectoryIfDurable();
        }
        catch
        {
            TryDelete(published && !setOnce ? path : temp);
            throw;
        }
    }

    /// <summary>Asynchronous <see cref="WriteAndPublish"/>.</summary>
    private async ValueTask WriteAndPublishAsync(StoreKey key, string temp, string path, IReadOnlyList<ReadOnlyMemory<byte>> parts, bool setOnce, CancellationToken cancellationToken)
    {
        ObjectSizeLimit.CheckReadable(LengthOf(parts), this);
        bool published = false;
        try
        {
            using (SafeFileHandle handle = CreateTemporary(temp, FileOptions.Asynchronous))
            {
                await (parts.Count == 1
                    ? RandomAccess.WriteAsync(handle, parts[0], fileOffset: 0, cancellationToken)
                    : RandomAccess.WriteAsync(handle, parts, fileOffset: 0, cancellationToken)).ConfigureAwait(false);
                FlushIfDurable(handle);
                if (PublishWhileHeld && !setOnce)
                {
                    MoveIntoPlace(key, temp, path, setOnce);
                    published = true;
                }
            }

            if (!published)
            {
                MoveIntoPlace(key, temp, path, setOnce);
                published = true;
            }

            SyncDirectoryIfDurable();
        }
        catch
        {
            TryDelete(published && !setOnce ? path : temp);
            throw;
        }
    }

    private static void WriteParts(SafeFileHandle handle, IReadOnlyList<ReadOnlyMemory<byte>> parts)
    {
        if (parts.Count == 1)
        {
            RandomAccess.Write(handle, parts[0].Span, fileOffset: 0);
        }
        else
        {
            RandomAccess.Write(handle, parts, fileOffset: 0);
        }
    }

    private static long LengthOf(IReadOnlyList<ReadOnlyMemory<byte>> parts)
    {
        long length = 0;
        foreach (ReadOnlyMemory<byte> part in parts)
        {
            length += part.Length;
        }

        return length;
    }

    private void MoveIntoPlace(StoreKey key, string temp, string path, bool setOnce)
    {
        if (setOnce)
        {
            PublishOnce(temp, path, key);
        }
        else
        {
            Publish(temp, path);
        }
    }

    private void ThrowIfSet(StoreKey key, string path)
    {
        // Checked first only to spare writing an object that would be refused; PublishOnce is
        // what makes the refusal safe against a racing setter.
        if (File.Exists(path))
        {
            throw AlreadySet(key);
        }
    }

    /// <summary>Moves a complete temporary file to <paramref name="path"/>, refusing to replace an object already there.</summary>
    private void PublishOnce(string temp, string path, StoreKey key)
    {
        bool moved;
        try
        {
            moved = NoReplaceMove.TryMove(temp, path);
        }
        catch (FileNotFoundException e)
        {
            throw new TemporaryFileLostException(
                $"The temporary file '{temp}' was removed before it could become '{path}': a FileConnector opening the directory took it " +
                "for a dead writer's leftover, or the directory was deleted.",
                e);
        }

        if (!moved)
        {
            throw AlreadySet(key);
        }
    }

    private KeyAlreadySetException AlreadySet(StoreKey key, Exception? inner = null) =>
        new(key, $"The key '{key}' already holds an object in {this}; a key is set once.", inner);

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

    void IGuardedEvictConnector.EvictStored(StoreKey key)
    {
        ThrowIfClosed();
        StoreObjectFiles.Delete(PathOf(key), key, ToString());
    }

    ValueTask IGuardedEvictConnector.EvictStoredAsync(StoreKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ((IGuardedEvictConnector)this).EvictStored(key);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ConnectorConfig GetConfig() => ConnectorConfig.OfBuiltIn(KindName, new Options(StoreDirectory, Clear, Durable));

    /// <summary>
    /// Closes the connector, clearing <see cref="StoreDirectory"/> (see <see cref="Close(bool)"/>)
    /// when <see cref="Clear"/> is set and this connector was made with the constructor. A connector recreated from a
    /// config (for a proxy, or in another process) never deletes the directory on its own:
    /// the objects belong to the process that created the store.
    /// </summary>
    public void Close() => Close(Clear && _ownsDirectory);

    /// <summary>
    /// Closes the connector; <paramref name="clear"/> overrides <see cref="Clear"/> for this call:
    /// with <see langword="false"/> nothing is deleted; with <see langword="true"/> the store
    /// objects in <see cref="StoreDirectory"/> and the temporary files of puts are, and then the
    /// directory if nothing else is left in it. Files the connector did not write (an
    /// application's own, bytes put through <see cref="Put"/> without a store, subdirectories)
    /// stay, and so does the directory that holds them. Closing twice is harmless.
    /// </summary>
    /// <param name="clear">Whether to delete the store's objects and, once empty, <see cref="StoreDirectory"/>.</param>
    public void Close(bool clear)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        if (clear)
        {
            ClearDirectory();
        }
    }

    private void ClearDirectory()
    {
        List<string> files;
        try
        {
            files = [.. Directory.EnumerateFiles(StoreDirectory)];
        }
        catch (DirectoryNotFoundException)
        {
            // Another connector on the same directory cleared it first.
            return;
        }

        StoreObjectFiles.ClearDirectory(StoreDirectory, files, TempPrefix);
    }

    /// <inheritdoc />
    public override string ToString() => $"FileConnector({StoreDirectory})";

    internal static IConnector FromOptions(JsonElement options)
    {
        Options read = ConnectorConfig.ReadOptions<Options>(KindName, options);
        return new FileConnector(read.StoreDirectory, read.Clear, read.Durable, ownsDirectory: false);
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

    /// <summary>A put lost its temporary file before publishing it; another attempt may succeed.</summary>
    private sealed class TemporaryFileLostException(string message, Exception innerException) : IOException(message, innerException);

    // Durable defaults to false so that configs written before it existed still read.
    internal sealed record Options(string StoreDirectory, bool Clear, bool Durable = false);
}

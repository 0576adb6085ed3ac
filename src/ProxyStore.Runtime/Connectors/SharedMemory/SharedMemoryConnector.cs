using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using ProxyStore.Buffers;

namespace ProxyStore.Connectors;

/// <summary>
/// Keeps objects in shared memory, for the processes of one machine: workers and their
/// scheduler, a producer and its consumers, Orleans silos on one host. Each object is a segment
/// of memory under <c>/dev/shm</c> (Linux's memory file system) that any process of the machine
/// reads at the speed of memory, and maps for a view that reads without copying at all.
/// </summary>
/// <remarks>
/// <para><b>Atomic and crash-safe.</b> A put writes a temporary segment and gives it the key's
/// name only once it is complete and closed, so a reader finds a whole object or none, even when
/// the writer is killed in the middle; the segments such writers left behind are removed when
/// the owning connector next opens the same name.</para>
/// <para><b>Fast puts.</b> Memory the file system gives a new segment costs a page fault and a
/// zeroed page each; the owner keeps the segments of objects it evicts (up to
/// <see cref="PooledSegmentBytes"/>) and writes its next objects into them. A segment that a
/// reader still has open is never reused: it is deleted instead.</para>
/// <para><b>Who clears what.</b> Only the connector made with the constructor owns the name: it
/// creates the directory, cleans up after dead writers and, with <see cref="Clear"/>, deletes
/// its objects when it closes. One recreated from <see cref="GetConfig"/> (for a proxy, in
/// another process) reads, writes and evicts, and never clears.</para>
/// <para>Where the system has no <c>/dev/shm</c> (macOS, Windows) the segments are files in the
/// temporary directory, mapped the same way: the system's file cache holds them in memory, and
/// writes may reach the disk later.</para>
/// </remarks>
public sealed class SharedMemoryConnector : IDeferrableConnector, IFrameSourceConnector, IGatherConnector, IStreamedPutConnector, IViewConnector, IGuardedEvictConnector
{
    internal const string KindName = "shared-memory";

    private const string TempPrefix = ".tmp-";
    private const string FreePrefix = ".free-";

    // Frames up to this size are read whole into a pooled buffer in one call; larger ones piece by piece.
    private const int ReadWholeBytes = 64 * 1024;

    private readonly bool _ownsSegments;
    private readonly SegmentPool? _pool;
    private int _closed;

    /// <summary>Creates a connector that owns the shared-memory name <paramref name="name"/>: a new random one when null.</summary>
    /// <param name="name">Names the segments' directory, shared by every process that uses the store: letters, digits, '-' and '_'.</param>
    /// <param name="clear">Whether <see cref="Close()"/> deletes the objects.</param>
    /// <param name="pooledSegmentBytes">The most bytes of evicted segments kept for reuse; 0 keeps none.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> has characters other than letters, digits, '-' and '_'.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pooledSegmentBytes"/> is negative.</exception>
    /// <exception cref="IOException">The directory cannot be created.</exception>
    public SharedMemoryConnector(string? name = null, bool clear = true, long pooledSegmentBytes = DefaultPooledSegmentBytes)
        : this(name ?? StoreKey.NewId(), clear, root: null, pooledSegmentBytes, owns: true)
    {
    }

    private SharedMemoryConnector(string name, bool clear, string? root, long pooledSegmentBytes, bool owns)
    {
        if (!StoreKey.IsPlainId(name))
        {
            throw new ArgumentException($"The shared-memory name '{Serialization.StoredText.Printable(name)}' may hold only letters, digits, '-' and '_' (1 to 128 of them).", nameof(name));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(pooledSegmentBytes);
        Name = name;
        Clear = clear;
        Root = root;
        PooledSegmentBytes = pooledSegmentBytes;
        SegmentDirectory = Path.Join(root ?? DefaultRoot, name);
        _ownsSegments = owns;
        if (owns)
        {
            try
            {
                Directory.CreateDirectory(SegmentDirectory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"Cannot create the shared-memory directory '{SegmentDirectory}' of SharedMemoryConnector '{name}': {e.Message}", e);
            }

            _pool = pooledSegmentBytes > 0 && FileLocking ? new SegmentPool(maxSegments: 64, pooledSegmentBytes) : null;
            RemoveLeftovers();
        }
    }

    /// <summary>
    /// Whether .NET locks the files it opens (it does unless told not to): a reader's shared lock is
    /// how the owner knows a segment is still read, so without locks no segment is reused.
    /// </summary>
    private static bool FileLocking { get; } =
        !(AppContext.TryGetSwitch("System.IO.DisableFileLocking", out bool disabled) && disabled)
        && Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING") is not ("1" or "true" or "True" or "TRUE");

    /// <summary>The default of <see cref="PooledSegmentBytes"/>: 256 MiB.</summary>
    public const long DefaultPooledSegmentBytes = 256L * 1024 * 1024;

    /// <summary>Where segments live: <c>/dev/shm/proxystore</c> on Linux, else <c>proxystore-shm</c> in the temporary directory.</summary>
    public static string DefaultRoot { get; } = Directory.Exists("/dev/shm") && OperatingSystem.IsLinux()
        ? "/dev/shm/proxystore"
        : Path.Join(Path.GetTempPath(), "proxystore-shm");

    /// <summary>The name every process of the store uses to find its segments.</summary>
    public string Name { get; }

    /// <summary>Whether <see cref="Close()"/> deletes the objects (only on the connector that owns the name).</summary>
    public bool Clear { get; }

    /// <summary>The directory under which <see cref="Name"/> is found, or <see langword="null"/> for <see cref="DefaultRoot"/>.</summary>
    public string? Root { get; }

    /// <summary>The most bytes of evicted segments the owner keeps to write new objects into.</summary>
    public long PooledSegmentBytes { get; }

    /// <summary>The directory of this store's segments.</summary>
    public string SegmentDirectory { get; }

    /// <summary>A connector under <paramref name="root"/> instead of <see cref="DefaultRoot"/> (tests, and systems whose memory file system is elsewhere).</summary>
    /// <param name="name">As for the public constructor.</param>
    /// <param name="root">The directory that holds the name's directory.</param>
    /// <param name="clear">As for the public constructor.</param>
    /// <param name="pooledSegmentBytes">As for the public constructor.</param>
    public static SharedMemoryConnector Under(string root, string? name = null, bool clear = true, long pooledSegmentBytes = DefaultPooledSegmentBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        return new SharedMemoryConnector(name ?? StoreKey.NewId(), clear, Path.GetFullPath(root), pooledSegmentBytes, owns: true);
    }

    /// <inheritdoc />
    public StoreKey Put(ReadOnlyMemory<byte> data)
    {
        var key = new StoreKey(StoreKey.NewId());
        Write(key, [data], setOnce: false);
        return key;
    }

    /// <inheritdoc />
    public ValueTask<StoreKey> PutAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        // Writing is copying memory: nothing to wait for that another thread could do meanwhile.
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Put(data));
    }

    StoreKey? IKeyedPutConnector.NewPutKey(long size) => NewKey();

    void IKeyedPutConnector.PutAt(StoreKey key, ReadOnlyMemory<byte> frame) => Write(key, [frame], setOnce: false);

    ValueTask IKeyedPutConnector.PutAtAsync(StoreKey key, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(key, [frame], setOnce: false);
        return ValueTask.CompletedTask;
    }

    void IGatherConnector.PutPartsAt(StoreKey key, IReadOnlyList<ReadOnlyMemory<byte>> parts) => Write(key, parts, setOnce: false);

    void IStreamedPutConnector.PutStreamed(StoreKey key, long length, Action<FrameSink> write) => Write(key, length, write, setOnce: false);

    bool IStreamedPutConnector.StreamsWhenAsync => true;

    ValueTask IGatherConnector.PutPartsAtAsync(StoreKey key, IReadOnlyList<ReadOnlyMemory<byte>> parts, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(key, parts, setOnce: false);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public StoreKey NewKey()
    {
        ThrowIfClosed();
        return new StoreKey(StoreKey.NewId());
    }

    /// <inheritdoc />
    /// <remarks>Published by a hard link that refuses an existing name, so of two producers racing on one key, in any processes, exactly one wins.</remarks>
    public void Set(StoreKey key, ReadOnlyMemory<byte> data) => Write(key, [data], setOnce: true);

    /// <inheritdoc />
    public ValueTask SetAsync(StoreKey key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Set(key, data);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public byte[]? Get(StoreKey key)
    {
        string path = PathOf(key);
        ThrowIfClosed();
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e)
        {
            FileConnector.ThrowUnlessMissing(e, key, path);
            return null;
        }
    }

    FrameSource? IFrameSourceConnector.OpenFrame(StoreKey key) => Open(key, forView: false);

    ValueTask<FrameSource?> IFrameSourceConnector.OpenFrameAsync(StoreKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Open(key, forView: false));
    }

    FrameSource? IViewConnector.OpenView(StoreKey key) => Open(key, forView: true);

    /// <inheritdoc />
    public bool Exists(StoreKey key)
    {
        string path = PathOf(key);
        ThrowIfClosed();
        return File.Exists(path);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The owner keeps the segment for its next puts when nobody has it open: the name is taken
    /// away first, so no new reader can open it, and the segment is reused only if this
    /// connector can then hold it alone.
    /// </remarks>
    public void Evict(StoreKey key)
    {
        string path = PathOf(key);
        ThrowIfClosed();
        if (_pool is null)
        {
            TryDelete(path);
            return;
        }

        string free = Path.Join(SegmentDirectory, FreePrefix + StoreKey.NewId());
        try
        {
            File.Move(path, free);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return;
        }

        try
        {
            long size;
            using (SafeFileHandle alone = File.OpenHandle(free, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                size = RandomAccess.GetLength(alone);
            }

            if (_pool.TryAdd(free, size))
            {
                return;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A reader has it open: the memory is its until it lets go.
        }

        TryDelete(free);
    }

    void IGuardedEvictConnector.EvictStored(StoreKey key)
    {
        string path = PathOf(key);
        ThrowIfClosed();
        switch (StoreObjectFiles.Holds(path))
        {
            case null:
                return;
            case false:
                throw new ForeignObjectException(key, ToString());
            default:
                Evict(key);
                return;
        }
    }

    ValueTask IGuardedEvictConnector.EvictStoredAsync(StoreKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ((IGuardedEvictConnector)this).EvictStored(key);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ConnectorConfig GetConfig() => ConnectorConfig.OfBuiltIn(KindName, new Options(Name, Clear, Root));

    /// <summary>Closes the connector; the owner deletes its objects when <see cref="Clear"/> is set.</summary>
    public void Close() => Close(Clear && _ownsSegments);

    /// <summary>
    /// Closes the connector; with <paramref name="clear"/> (on the owner only) it deletes the
    /// store objects in its directory (checked by their first bytes: nothing else is deleted),
    /// its leftovers, and the directory once nothing else is in it.
    /// </summary>
    /// <param name="clear">Whether to delete the objects.</param>
    public void Close(bool clear)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        foreach (string segment in _pool?.Drain() ?? [])
        {
            TryDelete(segment);
        }

        if (!clear || !_ownsSegments)
        {
            return;
        }

        StoreObjectFiles.ClearDirectory(SegmentDirectory, EnumerateFiles(), TempPrefix, FreePrefix);
    }

    /// <inheritdoc />
    public override string ToString() => $"SharedMemoryConnector({Name} in {SegmentDirectory})";

    internal static IConnector FromOptions(JsonElement options)
    {
        Options read = ConnectorConfig.ReadOptions<Options>(KindName, options);
        return new SharedMemoryConnector(read.Name, read.Clear, read.Root, pooledSegmentBytes: 0, owns: false);
    }

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
            TryDelete(temp);
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
                TryDelete(free);
                TryDelete(temp);
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

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Already gone, or not ours: what matters to the caller happened before.
        }
    }

    private void ThrowIfClosed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _closed) == 1, this);

    // Root is null for the default root, so configs stay small and portable between hosts.
    internal sealed record Options(string Name, bool Clear, string? Root = null);
}

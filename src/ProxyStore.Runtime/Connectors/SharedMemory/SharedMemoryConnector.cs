// One type split by concern: this file holds construction; SharedMemoryConnector.Operations
// (put, set, get, exists, evict), .Lifecycle (config, close, clear) and .Segments (opening,
// writing, pooling and cleaning the segment files) the rest.
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
public sealed partial class SharedMemoryConnector : IDeferrableConnector, IFrameSourceConnector, IGatherConnector, IStreamedPutConnector, IViewConnector, IGuardedEvictConnector
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
}

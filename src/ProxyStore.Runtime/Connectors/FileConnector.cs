// One type split by concern: this file holds construction; FileConnector.Puts (with
// batches), .Futures (set once), .Reads (get, frames, short reads), .Objects (exists, evict), .Lifecycle
// (config, close, clear) and .Files (paths, temporary files, publishing, durability) the rest.
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
public sealed partial class FileConnector : IValueFormatConnector, IDeferrableConnector, IFrameSourceConnector, IGatherConnector, IStreamedPutConnector, IViewConnector, IGuardedEvictConnector
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
}

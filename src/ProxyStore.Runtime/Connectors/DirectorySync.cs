using System.Runtime.InteropServices;

namespace ProxyStore.Connectors;

/// <summary>
/// Flushes a directory's entries to disk, so that a file renamed into it is still there
/// after a power loss or an OS crash. .NET has no API for it: it refuses to open a
/// directory as a file, so on Linux this opens and fsyncs it through libc.
/// </summary>
internal static partial class DirectorySync
{
    // O_DIRECTORY is left out on purpose: its value differs between Linux architectures
    // (0x10000 on x64 is O_DIRECT on arm64), and the caller knows the path is a directory.
    private const int ReadOnly = 0;
    private const int CloseOnExec = 0x80000;

    /// <summary>Whether <see cref="Flush"/> does anything on this system.</summary>
    /// <remarks>
    /// Windows has no directory fsync (NTFS journals the rename itself); other Unix systems
    /// are not supported yet, and their renames are only as durable as their file system makes them.
    /// </remarks>
    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>Flushes <paramref name="directory"/>'s entries to disk; nothing where <see cref="IsSupported"/> is false.</summary>
    /// <exception cref="IOException">The directory could not be opened or flushed.</exception>
    public static void Flush(string directory)
    {
        if (!IsSupported)
        {
            return;
        }

        int fd = Open(directory, ReadOnly | CloseOnExec);
        if (fd < 0)
        {
            throw Failure("open", directory, Marshal.GetLastPInvokeError());
        }

        try
        {
            if (FSync(fd) != 0)
            {
                throw Failure("flush", directory, Marshal.GetLastPInvokeError());
            }
        }
        finally
        {
            _ = CloseFd(fd);
        }
    }

    private static IOException Failure(string what, string directory, int errno) =>
        new($"Cannot {what} the directory '{directory}' to make a put durable: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FSync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int CloseFd(int fd);
}

using System.Runtime.InteropServices;

namespace ProxyStore.Connectors;

/// <summary>
/// Moves a file to a name that must not exist yet, atomically: of two moves racing to one name,
/// exactly one succeeds. <see cref="File.Move(string, string, bool)"/> without overwriting does
/// not promise that on Linux: .NET 10 checks the destination and then renames it into place
/// (<c>lstat</c>, then <c>rename</c>, seen with strace), so two racing setters of one key could
/// both succeed and the second silently replace the first's object.
/// </summary>
/// <remarks>
/// On Linux the file is linked under the new name (<c>link(2)</c> fails when the name exists) and
/// its old name removed. A file system without hard links falls back to <see cref="File.Move(string, string, bool)"/>,
/// as on other systems (Windows' move without replacing is atomic by itself).
/// </remarks>
internal static partial class NoReplaceMove
{
    // Linux errno values, the same on every architecture .NET runs on.
    private const int NoSuchFile = 2;        // ENOENT
    private const int AccessDenied = 13;     // EACCES
    private const int Exists = 17;           // EEXIST
    private static readonly int[] NoHardLinks = [1, 18, 31, 38, 95];   // EPERM, EXDEV, EMLINK, ENOSYS, EOPNOTSUPP

    /// <summary>
    /// Moves <paramref name="source"/> to <paramref name="destination"/> unless that name is taken;
    /// returns <see langword="false"/>, leaving the source in place, when it is.
    /// </summary>
    /// <exception cref="FileNotFoundException"><paramref name="source"/> or the destination's directory does not exist.</exception>
    /// <exception cref="IOException">The move failed for another reason.</exception>
    public static bool TryMove(string source, string destination)
    {
        if (OperatingSystem.IsLinux())
        {
            if (Link(source, destination) == 0)
            {
                // The object is published under its name; a leftover old name is only a
                // temporary file, which the directory's sweep removes if this cannot.
                try
                {
                    File.Delete(source);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }

                return true;
            }

            int errno = Marshal.GetLastPInvokeError();
            switch (errno)
            {
                case Exists:
                    return false;
                case NoSuchFile:
                    throw new FileNotFoundException($"Cannot move '{source}' to '{destination}': {Marshal.GetPInvokeErrorMessage(errno)}.", source);
                case AccessDenied:
                    throw new UnauthorizedAccessException($"Cannot move '{source}' to '{destination}': {Marshal.GetPInvokeErrorMessage(errno)}.");
                default:
                    if (Array.IndexOf(NoHardLinks, errno) < 0)
                    {
                        throw new IOException($"Cannot move '{source}' to '{destination}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
                    }

                    break;
            }
        }

        try
        {
            File.Move(source, destination, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(destination) && File.Exists(source))
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string existing, string newName);
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ProxyStore.Buffers;

/// <summary>
/// Asks Linux to back a large new array with 2 MiB pages (transparent huge pages, where the
/// system has them set to <c>madvise</c> or <c>always</c>), before anything touches it.
/// </summary>
/// <remarks>
/// Filling fresh memory costs a page fault for every 4 KiB page, and on the virtual machines
/// this was measured on a fault costs about 12 µs: 23 ms to fill a new 8 MiB array whose copy
/// takes 0.3 ms. With huge pages the same array is filled in 0.8 ms (64 MiB: 176 ms against
/// 4.2 ms). numpy advises its large arrays the same way. Only arrays that do not move (on the
/// pinned-object heap) are advised, and only the 2 MiB-aligned pages inside them.
/// </remarks>
internal static partial class HugePages
{
    /// <summary>The size of one huge page.</summary>
    public const int Size = 2 * 1024 * 1024;

    private const int AdviseHugePage = 14;   // MADV_HUGEPAGE
    private const int PopulateWrite = 23;    // MADV_POPULATE_WRITE (Linux 5.14)
    private const int PageSize = 4096;

    /// <summary>Whether advising helps here: Linux with transparent huge pages not turned off.</summary>
    public static bool Available { get; } = OperatingSystem.IsLinux() && ReadEnabled();

    /// <summary>
    /// Advises the 2 MiB-aligned pages inside <paramref name="array"/>, a new array that does not
    /// move and that nothing has touched yet, then maps all of its pages in one call: the pages
    /// at its ends, which share their 2 MiB with other objects, are small pages, and mapping them
    /// up front costs less than a fault each (8 MiB: 1.9 ms, against 6.9 ms advised alone).
    /// </summary>
    public static unsafe void Advise(Array array, long byteLength)
    {
        nuint start = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        nuint end = start + (nuint)byteLength;
        nuint first = (start + Size - 1) & ~(nuint)(Size - 1);
        nuint last = end & ~(nuint)(Size - 1);

        // Advice only: when the kernel says no (an older one has no MADV_POPULATE_WRITE), the
        // array works the same, faulting page by page as it is filled.
        if (last > first)
        {
            _ = MAdvise((void*)first, last - first, AdviseHugePage);
        }

        nuint pagesFrom = (start + PageSize - 1) & ~(nuint)(PageSize - 1);
        nuint pagesTo = end & ~(nuint)(PageSize - 1);
        if (pagesTo > pagesFrom)
        {
            _ = MAdvise((void*)pagesFrom, pagesTo - pagesFrom, PopulateWrite);
        }
    }

    private static bool ReadEnabled()
    {
        try
        {
            string mode = File.ReadAllText("/sys/kernel/mm/transparent_hugepage/enabled");
            return mode.Contains("[always]", StringComparison.Ordinal) || mode.Contains("[madvise]", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static unsafe partial int MAdvise(void* address, nuint length, int advice);
}

using System.Runtime.CompilerServices;

namespace ProxyStore.Buffers;

/// <summary>
/// Allocates the arrays a get fills and the frames an in-memory put keeps: never zeroed (they
/// are filled at once), and where a fresh one costs least to fill.
/// </summary>
/// <remarks>
/// What costs is not the allocation but the first touch of fresh memory: a page fault per 4 KiB
/// page (about 12 µs each on the 2-vCPU development VM, so 23 ms to fill a new 8 MiB array whose
/// copy takes 0.3 ms; docs/benchmarks.md). Arrays of <see cref="HugePages.Size"/> and more go to
/// the pinned-object heap, where they never move, and are advised to be backed by huge pages
/// (<see cref="HugePages"/>): 0.8 ms for the same 8 MiB. Without huge pages (another system, or
/// them turned off) arrays from <see cref="PinnedFromBytes"/> to <see cref="PinnedUpToBytes"/>
/// still go to the pinned-object heap, which measured faster there than the large-object heap.
/// </remarks>
internal static class LargeArrays
{
    /// <summary>Arrays from this many bytes up to <see cref="PinnedUpToBytes"/> come from the pinned-object heap.</summary>
    public const int PinnedFromBytes = 256 * 1024;

    /// <summary>The largest array taken from the pinned-object heap when there are no huge pages.</summary>
    public const int PinnedUpToBytes = 32 * 1024 * 1024;

    /// <summary>A new array of <paramref name="length"/> elements, not zeroed.</summary>
    public static T[] Allocate<T>(int length)
    {
        long bytes = (long)length * Unsafe.SizeOf<T>();
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>() || bytes < PinnedFromBytes)
        {
            return GC.AllocateUninitializedArray<T>(length);
        }

        if (HugePages.Available && bytes >= HugePages.Size)
        {
            T[] array = GC.AllocateUninitializedArray<T>(length, pinned: true);
            HugePages.Advise(array, bytes);
            return array;
        }

        return GC.AllocateUninitializedArray<T>(length, pinned: bytes <= PinnedUpToBytes);
    }
}

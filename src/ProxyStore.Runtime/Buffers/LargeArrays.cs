using System.Runtime.CompilerServices;

namespace ProxyStore.Buffers;

/// <summary>
/// Allocates the arrays a get fills and the frames an in-memory put keeps: never zeroed (they
/// are filled at once), and on the heap where a fresh one costs least to fill.
/// </summary>
/// <remarks>
/// Measured on the 2-vCPU development VM (docs/benchmarks.md, "Numbers at memory speed"): a
/// fresh large-object-heap array of 8 MiB costs page faults on every block when it is first
/// written, about five times the copy itself, while the pinned-object heap hands back warm
/// memory; from a few tens of MiB the two swap places. Arrays below
/// <see cref="PinnedFromBytes"/> are ordinary (the small-object heap is warm anyway).
/// </remarks>
internal static class LargeArrays
{
    /// <summary>Arrays from this many bytes up to <see cref="PinnedUpToBytes"/> come from the pinned-object heap.</summary>
    public const int PinnedFromBytes = 256 * 1024;

    /// <summary>The largest array taken from the pinned-object heap.</summary>
    public const int PinnedUpToBytes = 32 * 1024 * 1024;

    /// <summary>A new array of <paramref name="length"/> elements, not zeroed.</summary>
    public static T[] Allocate<T>(int length)
    {
        long bytes = (long)length * Unsafe.SizeOf<T>();
        bool pinned = !RuntimeHelpers.IsReferenceOrContainsReferences<T>() && bytes >= PinnedFromBytes && bytes <= PinnedUpToBytes;
        return GC.AllocateUninitializedArray<T>(length, pinned);
    }
}

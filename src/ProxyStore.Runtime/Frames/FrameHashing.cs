using System.IO.Hashing;

namespace ProxyStore;

/// <summary>Copying and checksumming large buffers in one pass.</summary>
internal static class FrameHashing
{
    /// <summary>
    /// Pieces small enough to still be in the processor's cache when they are hashed right after
    /// being copied or read, large enough that the per-piece cost does not show.
    /// </summary>
    public const int ChunkBytes = 256 * 1024;

    /// <summary>Copies <paramref name="source"/> into <paramref name="destination"/> (the same length) and appends it to <paramref name="hash"/>.</summary>
    public static void CopyAndHash(ReadOnlySpan<byte> source, Span<byte> destination, XxHash3 hash)
    {
        for (int at = 0; at < source.Length; at += ChunkBytes)
        {
            int length = Math.Min(ChunkBytes, source.Length - at);
            Span<byte> piece = destination.Slice(at, length);
            source.Slice(at, length).CopyTo(piece);
            hash.Append(piece);
        }
    }
}

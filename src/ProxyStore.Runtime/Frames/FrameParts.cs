using System.IO.Hashing;

using ProxyStore.Connectors;

namespace ProxyStore;

/// <summary>
/// A serialized object on its way to a connector, before it is one array: <see cref="Head"/>
/// (room for the <see cref="StoredFrame"/> header, then the serializer's first bytes) and
/// <see cref="Tail"/>, the large arrays the object holds, which are the caller's own memory, with
/// the zero padding that aligns them. A put writes the parts out, or copies them into one frame,
/// once.
/// </summary>
/// <remarks>Most objects have no tail: the head is then the whole frame, an array of exactly its length.</remarks>
internal readonly struct FrameParts
{
    /// <summary>Zeros to pad with; no alignment asks for more.</summary>
    internal static readonly ReadOnlyMemory<byte> Zeros = new byte[64];

    public FrameParts(byte[] head, ReadOnlyMemory<byte>[]? tail = null)
        : this(head, tail, unframed: false)
    {
    }

    private FrameParts(byte[] head, ReadOnlyMemory<byte>[]? tail, bool unframed)
    {
        IsUnframed = unframed;
        Head = head;
        Tail = tail ?? [];
        long length = head.Length;
        foreach (ReadOnlyMemory<byte> part in Tail)
        {
            length += part.Length;
        }

        LongLength = length;
    }

    /// <summary>
    /// A value stored as it is, with no frame around it (Python's value format, which other
    /// programs read): sealing writes no header, and nothing checks it on the way back.
    /// </summary>
    public static FrameParts Unframed(byte[] head, ReadOnlyMemory<byte>[]? tail = null) => new(head, tail, unframed: true);

    /// <summary>Whether the value is stored with no frame (<see cref="Unframed"/>): the head holds no room for a header.</summary>
    public bool IsUnframed { get; }

    /// <summary>The frame's header and the serializer's first bytes, in an array of exactly their length.</summary>
    public byte[] Head { get; }

    /// <summary>What follows the head; empty for most objects.</summary>
    public ReadOnlyMemory<byte>[] Tail { get; }

    /// <summary>The whole frame's length, which the store checks against what a connector can store before it writes anything.</summary>
    public long LongLength { get; }

    /// <summary>The whole frame's length, once it is known to fit one array.</summary>
    public int Length => checked((int)LongLength);

    /// <summary>Whether the head is the whole frame.</summary>
    public bool IsWhole => Tail.Length == 0;

    /// <summary>Head and tail, for connectors that write several buffers at once.</summary>
    public ReadOnlyMemory<byte>[] All()
    {
        var all = new ReadOnlyMemory<byte>[Tail.Length + 1];
        all[0] = Head;
        Tail.CopyTo(all, 1);
        return all;
    }

    /// <summary>Writes the header into <see cref="Head"/>, with the checksum of everything after it, bound to <paramref name="key"/> when there is one.</summary>
    public void Seal(StoreKey? key)
    {
        if (IsUnframed)
        {
            return;
        }

        if (IsWhole)
        {
            StoredFrame.Seal(Head, key);
            return;
        }

        var hash = new XxHash3(StoredFrame.SeedOf(key));
        hash.Append(Head.AsSpan(StoredFrame.HeaderSize));
        foreach (ReadOnlyMemory<byte> part in Tail)
        {
            hash.Append(part.Span);
        }

        StoredFrame.WriteHeader(Head, Length - StoredFrame.HeaderSize, hash.GetCurrentHashAsUInt64(), key);
    }

    /// <summary>
    /// Copies the whole frame into <paramref name="destination"/> (exactly <see cref="Length"/>
    /// bytes) and seals it there, hashing each piece just after copying it while it is still in
    /// the processor's cache: one pass over the caller's memory instead of two. Bound to
    /// <paramref name="key"/> when there is one.
    /// </summary>
    public void CopySealed(Span<byte> destination, StoreKey? key)
    {
        if (destination.Length != Length)
        {
            throw new ArgumentException($"A frame of {Length} bytes is copied into exactly as many, not {destination.Length}.", nameof(destination));
        }

        Head.CopyTo(destination);
        if (IsUnframed)
        {
            int offset = Head.Length;
            foreach (ReadOnlyMemory<byte> part in Tail)
            {
                part.Span.CopyTo(destination[offset..]);
                offset += part.Length;
            }

            return;
        }

        var hash = new XxHash3(StoredFrame.SeedOf(key));
        hash.Append(destination[StoredFrame.HeaderSize..Head.Length]);
        int at = Head.Length;
        foreach (ReadOnlyMemory<byte> part in Tail)
        {
            FrameHashing.CopyAndHash(part.Span, destination.Slice(at, part.Length), hash);
            at += part.Length;
        }

        StoredFrame.WriteHeader(destination, Length - StoredFrame.HeaderSize, hash.GetCurrentHashAsUInt64(), key);
    }

    /// <summary>
    /// Writes the whole frame through <paramref name="sink"/>, sealed (bound to
    /// <paramref name="key"/> when there is one): the serializer's bytes and each piece of the
    /// caller's arrays are hashed just before they are written, and the header goes last.
    /// </summary>
    public void WriteSealed(FrameSink sink, StoreKey? key)
    {
        if (IsUnframed)
        {
            sink(Head, 0);
            long offset = Head.Length;
            foreach (ReadOnlyMemory<byte> part in Tail)
            {
                sink(part.Span, offset);
                offset += part.Length;
            }

            return;
        }

        if (IsWhole)
        {
            Seal(key);
            sink(Head, 0);
            return;
        }

        var hash = new XxHash3(StoredFrame.SeedOf(key));
        ReadOnlySpan<byte> first = Head.AsSpan(StoredFrame.HeaderSize);
        hash.Append(first);
        sink(first, StoredFrame.HeaderSize);
        long at = Head.Length;
        foreach (ReadOnlyMemory<byte> part in Tail)
        {
            ReadOnlySpan<byte> bytes = part.Span;
            for (int offset = 0; offset < bytes.Length; offset += FrameHashing.ChunkBytes)
            {
                ReadOnlySpan<byte> piece = bytes.Slice(offset, Math.Min(FrameHashing.ChunkBytes, bytes.Length - offset));
                hash.Append(piece);
                sink(piece, at + offset);
            }

            at += bytes.Length;
        }

        Span<byte> header = stackalloc byte[StoredFrame.HeaderSize];
        StoredFrame.WriteHeader(header, Length - StoredFrame.HeaderSize, hash.GetCurrentHashAsUInt64(), key);
        sink(header, 0);
    }

    /// <summary>The whole frame in a new array, sealed (bound to <paramref name="key"/> when there is one): the head itself when it is the whole frame.</summary>
    public byte[] ToSealedArray(StoreKey? key)
    {
        if (IsWhole)
        {
            Seal(key);
            return Head;
        }

        byte[] frame = Buffers.LargeArrays.Allocate<byte>(Length);
        CopySealed(frame, key);
        return frame;
    }
}

using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using ProxyStore.Serialization;

namespace ProxyStore;

/// <summary>
/// The frame around every object a <see cref="Store"/> writes: a magic number, a version, the
/// length of the serialized object and its XxHash3 checksum, so that a truncated, extended or
/// overwritten object is detected on the way back instead of being returned as a wrong value;
/// and, for a frame written under a key the store chose, the key, so that a frame copied or
/// moved under another key is detected too.
/// </summary>
/// <remarks>
/// Layout, 16 bytes before the serialized object: <c>'P' 'X'</c>, version 1, a flags byte, the
/// object's length (int32, little-endian) and the XxHash3 of the object (uint64, little-endian).
/// Flags: <see cref="FailureFlag"/> for the failure of a future's producer instead of an
/// object; <see cref="KeyBoundFlag"/> when the checksum is seeded with the key's id. Frames
/// without it (a batch, or a connector that chooses its keys only as it stores) are read under
/// any key, as frames of earlier versions are.
/// </remarks>
internal static class StoredFrame
{
    /// <summary>The frame's size in bytes.</summary>
    public const int HeaderSize = 16;

    private const byte Magic0 = (byte)'P';
    private const byte Magic1 = (byte)'X';
    private const byte Version = 1;

    /// <summary>
    /// The flag of a frame that holds a <see cref="FutureFailure"/> instead of an object. A
    /// flag rather than a marker object, so the failure reads the same whatever the store's
    /// serializer and whatever type the reader asks for: <see cref="Open"/> throws it.
    /// </summary>
    public const byte FailureFlag = 1;

    /// <summary>The flag of a frame whose checksum is seeded with its key's id (<see cref="SeedOf"/>).</summary>
    public const byte KeyBoundFlag = 2;

    /// <summary>The checksum seed of <paramref name="key"/>'s frames: the XxHash3 of its id, or 0 for no key.</summary>
    public static long SeedOf(StoreKey? key)
    {
        if (key is null)
        {
            return 0;
        }

        Span<byte> id = stackalloc byte[Encoding.UTF8.GetMaxByteCount(Math.Min(key.Id.Length, 256))];
        int length = key.Id.Length <= 256 ? Encoding.UTF8.GetBytes(key.Id, id) : -1;
        return length >= 0 ? (long)XxHash3.HashToUInt64(id[..length]) : (long)XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(key.Id));
    }

    /// <summary>A frame around a copy of <paramref name="payload"/>, bound to no key.</summary>
    public static byte[] Wrap(ReadOnlySpan<byte> payload)
    {
        var framed = new byte[HeaderSize + payload.Length];
        payload.CopyTo(framed.AsSpan(HeaderSize));
        Seal(framed, key: null);
        return framed;
    }

    /// <summary>A frame holding <paramref name="failure"/>, bound to <paramref name="key"/>: a future's producer failed.</summary>
    public static byte[] WrapFailure(FutureFailure failure, StoreKey key)
    {
        byte[] payload = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(failure, Serialization.Json.RuntimeJsonContext.Default.FutureFailure);
        var framed = new byte[HeaderSize + payload.Length];
        payload.CopyTo(framed.AsSpan(HeaderSize));
        Seal(framed, key, FailureFlag);
        return framed;
    }

    /// <summary>
    /// Writes the header of <paramref name="framed"/>, whose object starts after
    /// <see cref="HeaderSize"/> free bytes, bound to <paramref name="key"/> when there is one.
    /// </summary>
    public static void Seal(Span<byte> framed, StoreKey? key, byte flags = 0)
    {
        ReadOnlySpan<byte> payload = framed[HeaderSize..];
        WriteHeader(framed, payload.Length, XxHash3.HashToUInt64(payload, SeedOf(key)), key, flags);
    }

    /// <summary>Writes a header for an object of <paramref name="length"/> bytes with checksum <paramref name="hash"/>, seeded with <paramref name="key"/>'s id when there is one.</summary>
    public static void WriteHeader(Span<byte> header, int length, ulong hash, StoreKey? key, byte flags = 0)
    {
        header[0] = Magic0;
        header[1] = Magic1;
        header[2] = Version;
        header[3] = (byte)(flags | (key is null ? 0 : KeyBoundFlag));
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], length);
        BinaryPrimitives.WriteUInt64LittleEndian(header[8..], hash);
    }

    /// <summary>The serialized object inside <paramref name="stored"/>, stored under <paramref name="key"/>, after checking that it is whole.</summary>
    /// <exception cref="StoreSerializationException">The stored bytes are damaged or were not written by a store; the message names the store and key.</exception>
    public static ReadOnlyMemory<byte> Open(ReadOnlyMemory<byte> stored, string storeName, StoreKey key)
    {
        ReadOnlySpan<byte> frame = stored.Span;
        ulong expected = CheckHeader(frame, frame.Length, storeName, key);
        ReadOnlySpan<byte> payload = frame[HeaderSize..];
        CheckHash(expected, XxHash3.HashToUInt64(payload, SeedFor(frame[3], key)), storeName, key);
        if ((frame[3] & FailureFlag) != 0)
        {
            throw FutureFailure.Read(payload, storeName, key);
        }

        return stored[HeaderSize..];
    }

    /// <summary>
    /// Whether an object of <paramref name="length"/> bytes that starts with <paramref name="first"/>
    /// is a frame a store wrote: the magic, a version this reader knows, known flags, and a length
    /// that matches. What a connector checks before it deletes anything (an evict, a clear), so that
    /// it deletes only a store's own objects; the checksum is not read for it.
    /// </summary>
    public static bool IsStoreObject(ReadOnlySpan<byte> first, long length) =>
        first.Length >= HeaderSize && first[0] == Magic0 && first[1] == Magic1 && first[2] == Version
        && (first[3] & ~(FailureFlag | KeyBoundFlag)) == 0
        && BinaryPrimitives.ReadInt32LittleEndian(first[4..]) == length - HeaderSize;

    /// <summary>The first three bytes of every frame (magic and version), for the same check done elsewhere (a Redis script).</summary>
    public static ReadOnlySpan<byte> Magic => [Magic0, Magic1, Version];

    /// <summary>The seed the checksum of a frame with <paramref name="flags"/>, read under <paramref name="key"/>, was computed with.</summary>
    public static long SeedFor(byte flags, StoreKey key) => (flags & KeyBoundFlag) != 0 ? SeedOf(key) : 0;

    /// <summary>
    /// Checks the header at the start of <paramref name="frame"/> (at least its first
    /// <see cref="HeaderSize"/> bytes) against the <paramref name="frameLength"/> the medium holds;
    /// returns the checksum the object must have, which the caller checks once it has read it.
    /// </summary>
    /// <exception cref="StoreSerializationException">The frame is damaged or was not written by a store; the message names the store and key.</exception>
    public static ulong CheckHeader(ReadOnlySpan<byte> frame, int frameLength, string storeName, StoreKey key)
    {
        if (frameLength < HeaderSize)
        {
            // No sizes or bytes of what is not a frame go into a message: a forged key may name anything.
            throw Damaged(storeName, key, "it is shorter than a frame's header: it was cut short, or not written by a ProxyStore store.");
        }

        if (frame[0] != Magic0 || frame[1] != Magic1)
        {
            throw Damaged(storeName, key, "it does not start with a ProxyStore frame: it was overwritten, or not written by a ProxyStore store.");
        }

        if (frame[2] != Version)
        {
            throw Damaged(storeName, key, $"its frame has a version this version of ProxyStore does not read (it reads version {Version}): it was written by another version, or not by a ProxyStore store.");
        }

        int length = BinaryPrimitives.ReadInt32LittleEndian(frame[4..]);
        int actual = frameLength - HeaderSize;
        if (length != actual)
        {
            throw Damaged(storeName, key, $"its frame holds {length} bytes but {actual} follow: it was {(actual < length ? "truncated" : "extended")}.");
        }

        if ((frame[3] & ~(FailureFlag | KeyBoundFlag)) != 0)
        {
            throw Damaged(storeName, key, "its frame has unknown flags: it was written by a newer version of ProxyStore, or corrupted.");
        }

        return BinaryPrimitives.ReadUInt64LittleEndian(frame[8..]);
    }

    /// <summary>Checks the checksum of the object read against the one its header holds.</summary>
    /// <exception cref="StoreSerializationException">They differ.</exception>
    public static void CheckHash(ulong expected, ulong actual, string storeName, StoreKey key)
    {
        if (expected != actual)
        {
            throw Damaged(storeName, key, "its checksum does not match its bytes under this key: it was overwritten, corrupted, or copied from another key.");
        }
    }

    /// <summary>The error of a damaged frame, naming the store and key and saying what is wrong.</summary>
    public static StoreSerializationException Damaged(string storeName, StoreKey key, string reason) =>
        new($"The object '{key}' in store '{storeName}' is damaged and is not returned: {reason}");
}

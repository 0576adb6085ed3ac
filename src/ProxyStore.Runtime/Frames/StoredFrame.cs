using System.Buffers.Binary;
using System.IO.Hashing;
using ProxyStore.Serialization;

namespace ProxyStore;

/// <summary>
/// The frame around every object a <see cref="Store"/> writes: a magic number, a version, the
/// length of the serialized object and its XxHash3 checksum, so that a truncated, extended or
/// overwritten object is detected on the way back instead of being returned as a wrong value.
/// </summary>
/// <remarks>
/// Layout, 16 bytes before the serialized object: <c>'P' 'X'</c>, version 1, a flags byte (0
/// for an object, <see cref="FailureFlag"/> for the failure of a future's producer), the
/// object's length (int32, little-endian) and the XxHash3 of the object (uint64, little-endian).
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

    /// <summary>A frame around a copy of <paramref name="payload"/>.</summary>
    public static byte[] Wrap(ReadOnlySpan<byte> payload)
    {
        var framed = new byte[HeaderSize + payload.Length];
        payload.CopyTo(framed.AsSpan(HeaderSize));
        Seal(framed);
        return framed;
    }

    /// <summary>A frame holding <paramref name="failure"/>: a future's producer failed.</summary>
    public static byte[] WrapFailure(FutureFailure failure)
    {
        byte[] framed = Wrap(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(failure, Serialization.Json.RuntimeJsonContext.Default.FutureFailure));
        framed[3] = FailureFlag;
        return framed;
    }

    /// <summary>Writes the header of <paramref name="framed"/>, whose object starts after <see cref="HeaderSize"/> free bytes.</summary>
    public static void Seal(Span<byte> framed)
    {
        ReadOnlySpan<byte> payload = framed[HeaderSize..];
        WriteHeader(framed, payload.Length, XxHash3.HashToUInt64(payload));
    }

    /// <summary>Writes a header for an object of <paramref name="length"/> bytes with checksum <paramref name="hash"/>.</summary>
    public static void WriteHeader(Span<byte> header, int length, ulong hash)
    {
        header[0] = Magic0;
        header[1] = Magic1;
        header[2] = Version;
        header[3] = 0;  // An object; WrapFailure flags failures after sealing.
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], length);
        BinaryPrimitives.WriteUInt64LittleEndian(header[8..], hash);
    }

    /// <summary>The serialized object inside <paramref name="stored"/>, after checking that it is whole.</summary>
    /// <exception cref="StoreSerializationException">The stored bytes are damaged or were not written by a store; the message names the store and key.</exception>
    public static ReadOnlyMemory<byte> Open(ReadOnlyMemory<byte> stored, string storeName, StoreKey key)
    {
        ReadOnlySpan<byte> frame = stored.Span;
        ulong expected = CheckHeader(frame, frame.Length, storeName, key);
        ReadOnlySpan<byte> payload = frame[HeaderSize..];
        CheckHash(expected, XxHash3.HashToUInt64(payload), storeName, key);
        if (frame[3] == FailureFlag)
        {
            throw FutureFailure.Read(payload, storeName, key);
        }

        return stored[HeaderSize..];
    }

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
            throw Damaged(storeName, key, $"it has {frameLength} bytes, fewer than the {HeaderSize} of a frame: it was cut short, or not written by a ProxyStore store.");
        }

        if (frame[0] != Magic0 || frame[1] != Magic1)
        {
            throw Damaged(storeName, key, "it does not start with a ProxyStore frame: it was overwritten, or not written by a ProxyStore store.");
        }

        if (frame[2] != Version)
        {
            throw Damaged(storeName, key, $"its frame has version {frame[2]}, and this version of ProxyStore reads version {Version}.");
        }

        int length = BinaryPrimitives.ReadInt32LittleEndian(frame[4..]);
        int actual = frameLength - HeaderSize;
        if (length != actual)
        {
            throw Damaged(storeName, key, $"its frame holds {length} bytes but {actual} follow: it was {(actual < length ? "truncated" : "extended")}.");
        }

        if (frame[3] is not (0 or FailureFlag))
        {
            throw Damaged(storeName, key, $"its frame has the unknown flags {frame[3]}: it was written by a newer version of ProxyStore, or corrupted.");
        }

        return BinaryPrimitives.ReadUInt64LittleEndian(frame[8..]);
    }

    /// <summary>Checks the checksum of the object read against the one its header holds.</summary>
    /// <exception cref="StoreSerializationException">They differ.</exception>
    public static void CheckHash(ulong expected, ulong actual, string storeName, StoreKey key)
    {
        if (expected != actual)
        {
            throw Damaged(storeName, key, "its checksum does not match its bytes: it was overwritten or corrupted.");
        }
    }

    /// <summary>The error of a damaged frame, naming the store and key and saying what is wrong.</summary>
    public static StoreSerializationException Damaged(string storeName, StoreKey key, string reason) =>
        new($"The object '{key}' in store '{storeName}' is damaged and is not returned: {reason}");
}

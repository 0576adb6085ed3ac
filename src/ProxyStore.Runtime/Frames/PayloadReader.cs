using System.Diagnostics;
using System.IO.Hashing;
using ProxyStore.Buffers;
using ProxyStore.Serialization;

namespace ProxyStore;

/// <summary>
/// Reads the serialized object inside a stored frame for the serializer, front to back, and
/// checks it against the frame's checksum as it goes: the first bytes (type, headers, JSON) on
/// request, and large arrays straight into the arrays the caller gets, each piece hashed while
/// it is still in the processor's cache.
/// </summary>
/// <remarks>
/// <para>Offsets are the object's, not the frame's. A reader made over plain memory
/// (<see cref="PayloadReader(ReadOnlyMemory{byte})"/>: an <see cref="Serialization.ISerializer"/>
/// called directly) checks nothing.</para>
/// <para>Reads are expected in order. One that goes back reads the medium again without hashing
/// what was already hashed: the media ProxyStore reads never change a stored object.</para>
/// </remarks>
internal sealed class PayloadReader : IDisposable
{
    private readonly FrameSource? _source;
    private readonly ReadOnlyMemory<byte> _memory;
    private readonly bool _inMemory;
    private readonly bool _lendable;
    // Streaming state, made only when a large read is hashed as it is copied (or for a medium):
    // a small frame in memory is hashed in one call at the end, with nothing allocated for it.
    private XxHash3? _hash;
    private readonly bool _verifies;
    private readonly ulong _expected;
    private readonly long _seed;
    private readonly string _storeName = string.Empty;
    private readonly StoreKey? _key;

    // Bytes [0, _hashed) of the object are hashed; bytes [0, _prefixLength) of a medium's are in _prefix.
    private int _hashed;
    private PooledFrame? _prefix;
    private int _prefixLength;

    /// <summary>A reader of <paramref name="payload"/>, a serialized object with no frame around it: nothing is checked.</summary>
    public PayloadReader(ReadOnlyMemory<byte> payload)
    {
        _memory = payload;
        _inMemory = true;
        Length = payload.Length;
    }

    private PayloadReader(FrameSource source, ReadOnlySpan<byte> header, string storeName, StoreKey key)
    {
        _source = source;
        _storeName = storeName;
        _key = key;
        _expected = StoredFrame.CheckHeader(header, source.Length, storeName, key);
        Flags = header[3];
        _seed = StoredFrame.SeedFor(Flags, key);
        Length = source.Length - StoredFrame.HeaderSize;

        // A frame this process sealed into memory nothing else can write is whole as it was sealed.
        _verifies = !source.IsSealedHere;
        if (source.TryGetMemory(out ReadOnlyMemory<byte> frame))
        {
            _memory = frame[StoredFrame.HeaderSize..];
            _inMemory = true;
            _lendable = source.IsLendable;
        }
        else
        {
            _hash = new XxHash3(_seed);
        }
    }

    /// <summary>The object's length in bytes.</summary>
    public int Length { get; }

    /// <summary>The frame's flags byte (<see cref="StoredFrame.FailureFlag"/>, <see cref="StoredFrame.KeyBoundFlag"/>).</summary>
    public byte Flags { get; }

    /// <summary>Whether this reader checks a checksum.</summary>
    public bool Verifies => _verifies;

    /// <summary>Opens the frame in <paramref name="source"/>, checking its header.</summary>
    /// <exception cref="StoreSerializationException">The frame is damaged; the message names the store and key.</exception>
    public static PayloadReader Open(FrameSource source, string storeName, StoreKey key)
    {
        Span<byte> header = stackalloc byte[StoredFrame.HeaderSize];
        if (source.Length >= StoredFrame.HeaderSize)
        {
            source.Read(0, header);
        }

        return new PayloadReader(source, header, storeName, key);
    }

    /// <summary>The object's whole bytes, when it is in memory; valid until the reader is disposed.</summary>
    public bool TryGetMemory(out ReadOnlyMemory<byte> payload)
    {
        payload = _inMemory ? _memory : default;
        return _inMemory;
    }

    /// <summary>
    /// The object's bytes from <paramref name="offset"/>, lent for as long as anything holds them,
    /// when the frame is memory that outlives the get and never changes (see
    /// <see cref="FrameSource.IsLendable"/>); they are checked with the rest by <see cref="Verify"/>.
    /// </summary>
    public bool TryLend(int offset, int length, out ReadOnlyMemory<byte> bytes)
    {
        if (!_lendable || (uint)offset > (uint)Length || length > Length - offset)
        {
            bytes = default;
            return false;
        }

        bytes = _memory.Slice(offset, length);
        return true;
    }

    /// <summary>The object's first <paramref name="count"/> bytes; valid until the next call or the reader is disposed.</summary>
    public ReadOnlyMemory<byte> Prefix(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        count = Math.Min(count, Length);
        if (_inMemory)
        {
            return _memory[..count];
        }

        if (count > _prefixLength)
        {
            PooledFrame grown = PooledFrame.Rent(Math.Max(count, Math.Min(Length, 2 * _prefixLength)));
            _prefix?.Memory.Span[.._prefixLength].CopyTo(grown.Memory.Span);
            _prefix?.Dispose();
            _prefix = grown;
            ReadMedium(_prefixLength, grown.Memory.Span[_prefixLength..count]);
            _prefixLength = count;
        }

        return _prefix!.Memory[..count];
    }

    /// <summary>Reads the object's bytes from <paramref name="offset"/> into <paramref name="destination"/>.</summary>
    public void ReadInto(int offset, Span<byte> destination)
    {
        if ((uint)offset > (uint)Length || destination.Length > Length - offset)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"Bytes {offset} to {offset + destination.Length} are not within the object's {Length}.");
        }

        if (offset < _prefixLength)
        {
            int fromPrefix = Math.Min(destination.Length, _prefixLength - offset);
            _prefix!.Memory.Span.Slice(offset, fromPrefix).CopyTo(destination);
            offset += fromPrefix;
            destination = destination[fromPrefix..];
        }

        if (_inMemory)
        {
            ReadOnlySpan<byte> source = _memory.Span.Slice(offset, destination.Length);
            if (_verifies && destination.Length >= FrameHashing.ChunkBytes && offset >= _hashed)
            {
                // Large: hashed piece by piece as it is copied, while each piece is in the cache.
                _hash ??= new XxHash3(_seed);
                Advance(offset);
                FrameHashing.CopyAndHash(source, destination, _hash);
                _hashed += destination.Length;
            }
            else
            {
                source.CopyTo(destination);
            }

            return;
        }

        Advance(offset);
        ReadMedium(offset, destination);
    }

    /// <summary>Reads the rest of the object and checks the whole against the frame's checksum.</summary>
    /// <exception cref="StoreSerializationException">They differ: the frame is damaged.</exception>
    public void Verify()
    {
        if (!_verifies)
        {
            return;
        }

        if (_hash is null)
        {
            StoredFrame.CheckHash(_expected, XxHash3.HashToUInt64(_memory.Span, _seed), _storeName, _key!);
            return;
        }

        Advance(Length);
        StoredFrame.CheckHash(_expected, _hash.GetCurrentHashAsUInt64(), _storeName, _key!);
    }

    /// <summary>
    /// After a failure while reading the object: the damage error when the frame is damaged (a
    /// damaged frame can fail in any way before its checksum is reached), or <see langword="null"/>
    /// when it is whole and the failure is the object's own.
    /// </summary>
    public StoreSerializationException? DamageOrNull()
    {
        try
        {
            Verify();
            return null;
        }
        catch (StoreSerializationException e)
        {
            return e;
        }
        catch (Exception e) when (e is IOException or ProxyStoreException)
        {
            // The medium failed while reading on (a connector's own exception or the system's):
            // that is not damage to report in place of the failure the caller already has.
            return null;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _prefix?.Dispose();

    // Hashes everything up to offset: from memory, or read into a scratch buffer from a medium.
    private void Advance(int offset)
    {
        if (_hash is null || offset <= _hashed)
        {
            return;
        }

        if (_inMemory)
        {
            _hash.Append(_memory.Span[_hashed..offset]);
            _hashed = offset;
            return;
        }

        using PooledFrame scratch = PooledFrame.Rent(Math.Min(FrameHashing.ChunkBytes, offset - _hashed));
        while (_hashed < offset)
        {
            ReadMedium(_hashed, scratch.Memory.Span[..Math.Min(scratch.Memory.Length, offset - _hashed)]);
        }
    }

    // Reads from the medium in pieces, hashing those not hashed yet right after each is read.
    private void ReadMedium(int offset, Span<byte> destination)
    {
        for (int at = 0; at < destination.Length; at += FrameHashing.ChunkBytes)
        {
            Span<byte> piece = destination.Slice(at, Math.Min(FrameHashing.ChunkBytes, destination.Length - at));
            long start = Stopwatch.GetTimestamp();
            _source!.Read(StoredFrame.HeaderSize + offset + at, piece);
            _source.ReadTicks += Stopwatch.GetTimestamp() - start;
            int pieceStart = offset + at;
            if (_hash is not null && pieceStart + piece.Length > _hashed && pieceStart <= _hashed)
            {
                _hash.Append(piece[(_hashed - pieceStart)..]);
                _hashed = pieceStart + piece.Length;
            }
        }
    }
}

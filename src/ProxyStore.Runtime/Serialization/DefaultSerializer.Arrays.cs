using System.Buffers;
using System.Runtime.InteropServices;
using ProxyStore.Serialization.Arrays;

namespace ProxyStore.Serialization;

// Arrays of unmanaged values stored alone: the tag, the name of the .NET type (an enum or a
// struct is more than NumPy's dtype says), then a .NPY file whose data starts aligned.
public sealed partial class DefaultSerializer
{
    private static FrameParts SerializeArray(ArrayValue array)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.GetSpan(StoredFrame.HeaderSize);
        buffer.Advance(StoredFrame.HeaderSize);
        int position = StoredFrame.HeaderSize + WriteTypeHeader(buffer, ArrayTag, array.Type);
        buffer.Write(array.Header.Write(position));

        ReadOnlyMemory<byte> data = array.Bytes;
        if (buffer.WrittenCount + data.Length <= WholeUpToBytes)
        {
            byte[] whole = GC.AllocateUninitializedArray<byte>(buffer.WrittenCount + data.Length);
            buffer.WrittenSpan.CopyTo(whole);
            data.Span.CopyTo(whole.AsSpan(buffer.WrittenCount));
            return new FrameParts(whole);
        }

        return new FrameParts(buffer.WrittenSpan.ToArray(), [data]);
    }

    private static object DeserializeArray(PayloadReader reader, Type requestedType)
    {
        StoredArray stored = ReadArrayLayout(reader);
        ArrayContainer container = ContainerFor(requestedType, stored.Type, stored.Codec, stored.Header.Shape.Length, stored.Container);

        // Read-only memory keeps the stored bytes themselves when they outlive the get (an
        // in-memory store's frame): no copy, and nobody can change them through it.
        if (container == ArrayContainer.ReadOnlyMemory && reader.TryLend(stored.DataOffset, reader.Length - stored.DataOffset, out ReadOnlyMemory<byte> lent))
        {
            return stored.Codec.Lend(lent);
        }

        Array array = stored.Codec.Allocate(stored.Header.Shape);
        reader.ReadInto(stored.DataOffset, BytesOf(array, stored.Codec.Size));
        return stored.Codec.Wrap(array, container);
    }

    /// <summary>
    /// Reads and checks the head of an array stored alone (its .NET type and .npy header), up to
    /// its data; <see langword="null"/> when <paramref name="reader"/> holds something else.
    /// </summary>
    /// <exception cref="StoreSerializationException">The array's head is not one this reader can read; the message says why.</exception>
    internal static StoredArray? TryReadArrayLayout(PayloadReader reader) =>
        reader.Length > 0 && reader.Prefix(1).Span[0] == ArrayTag ? ReadArrayLayout(reader) : null;

    /// <summary>
    /// The offset of the raw bytes of a <c>byte[]</c> (or byte memory) stored alone, which follow
    /// its one-byte tag; -1 when <paramref name="reader"/> holds something else.
    /// </summary>
    internal static int BytesOffset(PayloadReader reader) =>
        reader.Length > 0 && reader.Prefix(1).Span[0] == BytesTag ? 1 : -1;

    private static StoredArray ReadArrayLayout(PayloadReader reader)
    {
        ReadOnlySpan<byte> prefix = reader.Prefix(512).Span;
        int typeHeaderLength = TypeHeaderLength(prefix[1..]);
        if (typeHeaderLength < 0 || 1 + typeHeaderLength > prefix.Length)
        {
            prefix = reader.Prefix(1 + Math.Max(typeHeaderLength, 5) + 12).Span;
            typeHeaderLength = TypeHeaderLength(prefix[1..]);
        }

        Type storedType = ReadTypeHeader(prefix[1..], out _);
        ElementCodec codec = CodecOf(storedType, out int rank, out ArrayContainer container);
        int npyStart = 1 + typeHeaderLength;
        NpyHeader header;
        int dataOffset;
        try
        {
            int preambleLength = NpyHeader.PreambleLength(reader.Prefix(npyStart + 12).Span[npyStart..]);
            if (preambleLength < 0)
            {
                throw new FormatException("its .npy header is cut short");
            }

            dataOffset = npyStart + preambleLength;
            header = NpyHeader.Read(reader.Prefix(dataOffset).Span[npyStart..]);
        }
        catch (FormatException e)
        {
            throw new StoreSerializationException($"The stored {storedType.FullName} is not an array this reader can read: {e.Message}.");
        }

        CheckHeader(header, codec, rank, reader.Length - dataOffset, storedType);
        return new StoredArray(storedType, codec, container, header, dataOffset);
    }

    /// <summary>The codec of the elements of <paramref name="arrayType"/>, a stored array or array container.</summary>
    private static ElementCodec CodecOf(Type arrayType, out int rank, out ArrayContainer container)
    {
        ArrayContainer? kind = ElementCodec.ContainerOf(arrayType);
        Type? element = kind switch
        {
            ArrayContainer.Array => arrayType.GetElementType(),
            null => null,
            _ => arrayType.GenericTypeArguments[0],
        };
        rank = kind == ArrayContainer.Array ? arrayType.GetArrayRank() : 1;
        container = kind ?? ArrayContainer.Array;
        return element is not null && ElementCodec.For(element) is { } codec
            ? codec
            : throw new StoreSerializationException(
                $"The stored object claims to be a {arrayType.FullName}, which this process does not store as raw bytes: it was not written by this serializer.");
    }

    /// <summary>Checks a .npy header against the .NET array type it is stored as and the bytes that follow it.</summary>
    private static void CheckHeader(NpyHeader header, ElementCodec codec, int rank, long dataBytes, Type storedType)
    {
        string? problem = NpyDtype.Mismatch(header.Descr, codec.ElementType, codec.Size)
            ?? (header.Shape.Length != rank ? $"its shape has {header.Shape.Length} dimensions, and a {storedType.Name} has {rank}" : null)
            ?? (header.FortranOrder && rank > 1 ? "it is stored in Fortran (column-major) order, and arrays are read in C order" : null);
        problem ??= header.LengthMismatch(codec.Size, dataBytes);
        if (problem is not null)
        {
            throw new StoreSerializationException($"The stored {storedType.FullName} cannot be read: {problem}.");
        }
    }

    /// <summary>
    /// What a stored array is handed back in for a get of <paramref name="requestedType"/>: the
    /// container asked for when it holds the same elements (a stored <c>double[]</c> read as
    /// <c>ReadOnlyMemory&lt;double&gt;</c>, or the other way), else the stored one if it is a
    /// <paramref name="requestedType"/>.
    /// </summary>
    private static ArrayContainer ContainerFor(Type requestedType, Type storedType, ElementCodec codec, int rank, ArrayContainer stored)
    {
        Type target = Nullable.GetUnderlyingType(requestedType) ?? requestedType;
        if (rank == 1 && ElementCodec.ContainerOf(target) is { } asked and not ArrayContainer.Array
            && target.GenericTypeArguments[0] == codec.ElementType)
        {
            return asked;
        }

        if (target.IsAssignableFrom(storedType))
        {
            return stored;
        }

        Type array = codec.ContainerType(ArrayContainer.Array, rank);
        return target.IsAssignableFrom(array)
            ? ArrayContainer.Array
            : throw new InvalidCastException($"The stored object is a {storedType.FullName}, which is not a {requestedType.FullName}.");
    }

    /// <summary>The bytes of <paramref name="array"/>, a new array of unmanaged elements of <paramref name="size"/> bytes, to fill.</summary>
    internal static Span<byte> BytesOf(Array array, int size) =>
        MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(array), checked(array.Length * size));
}

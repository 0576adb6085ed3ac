using System.Buffers;
using ProxyStore.Serialization.Arrays;

namespace ProxyStore.Serialization;

/// <summary>
/// Python ProxyStore's <c>NP</c> values: a NumPy <c>.npy</c> file, as <c>numpy.save</c> writes it,
/// read into and written from the .NET arrays the runtime stores as <c>.npy</c> already.
/// </summary>
internal static class PythonNpy
{
    /// <summary>
    /// Whether <paramref name="value"/> is an array NumPy reads as the same numbers: elements of a
    /// type NumPy has a dtype for (not enums, chars or structs, which NumPy would read as other things).
    /// </summary>
    /// <exception cref="StoreSerializationException">It is an array of raw elements NumPy has no dtype for.</exception>
    public static bool TryDescribe(object value, out ArrayValue array)
    {
        if (!ElementCodec.TryDescribe(value, out array))
        {
            return false;
        }

        return NpyDtype.ElementTypeOf(array.Codec.Descr) == array.Codec.ElementType
            ? true
            : throw new StoreSerializationException(
                $"A {value.GetType().FullName} cannot be stored in Python's format: NumPy has no dtype for {array.Codec.ElementType.FullName} " +
                $"(it would read '{array.Codec.Descr}'). Store an array of numbers or bools.");
    }

    /// <summary>The value's parts: the tag, the .npy preamble, then the array's own bytes (the caller's memory).</summary>
    public static FrameParts Write(ReadOnlySpan<byte> tag, ArrayValue array)
    {
        // Aligned as numpy.save aligns: from the start of the .npy file.
        byte[] preamble = array.Header.Write(position: 0);
        ReadOnlyMemory<byte> data = array.Bytes;
        if (tag.Length + preamble.Length + data.Length <= DefaultSerializer.WholeUpToBytes)
        {
            byte[] whole = GC.AllocateUninitializedArray<byte>(tag.Length + preamble.Length + data.Length);
            tag.CopyTo(whole);
            preamble.CopyTo(whole.AsSpan(tag.Length));
            data.Span.CopyTo(whole.AsSpan(tag.Length + preamble.Length));
            return FrameParts.Unframed(whole);
        }

        var head = new ArrayBufferWriter<byte>(tag.Length + preamble.Length);
        head.Write(tag);
        head.Write(preamble);
        return FrameParts.Unframed(head.WrittenSpan.ToArray(), [data]);
    }

    /// <summary>Reads a .npy file into a new array of its element type and shape, checking its header against its length.</summary>
    /// <exception cref="StoreSerializationException">The header is not one this reader reads, or does not match the bytes; the message says why.</exception>
    public static Array Read(ReadOnlySpan<byte> npy)
    {
        NpyHeader header;
        int preambleLength;
        try
        {
            preambleLength = NpyHeader.PreambleLength(npy);
            if (preambleLength < 0 || preambleLength > npy.Length)
            {
                throw new FormatException("its .npy header is cut short");
            }

            header = NpyHeader.Read(npy[..preambleLength]);
        }
        catch (FormatException e)
        {
            throw new StoreSerializationException($"The Python value (NP) is not a NumPy array this reader can read: {e.Message}.");
        }

        Type element = NpyDtype.ElementTypeOf(header.Descr) ?? throw new StoreSerializationException(
            $"The Python value (NP) is a NumPy array of dtype '{header.Descr}', which has no .NET element type here " +
            "(big-endian, Python objects, strings, records and datetimes have none).");
        ElementCodec codec = ElementCodec.For(element)!;
        string? problem = header.Shape.Length == 0 ? "it has no dimensions (a NumPy scalar), and .NET arrays have at least one"
            : header.FortranOrder && header.Shape.Length > 1 ? "it is in Fortran (column-major) order; store numpy.ascontiguousarray(a)"
            : null;
        long dataBytes = npy.Length - preambleLength;
        problem ??= header.LengthMismatch(codec.Size, dataBytes);
        if (problem is not null)
        {
            throw new StoreSerializationException($"The Python value (NP), a NumPy array of dtype '{header.Descr}', cannot be read: {problem}.");
        }

        Array array = codec.Allocate(header.Shape);
        npy[preambleLength..].CopyTo(DefaultSerializer.BytesOf(array, codec.Size));
        return array;
    }
}

using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace ProxyStore.Serialization.Arrays;

/// <summary>
/// The preamble of a NumPy <c>.npy</c> file (the format <c>numpy.save</c> writes): the magic
/// <c>\x93NUMPY</c>, a version, the header's length and the header, a Python dict literal with
/// <c>descr</c>, <c>fortran_order</c> and <c>shape</c>, padded with spaces to a newline so that
/// the data after it is aligned. The data is the elements' raw bytes in C order.
/// </summary>
/// <remarks>See numpy/lib/format.py. Versions 1.0 (16-bit header length), 2.0 (32-bit) and 3.0
/// (UTF-8 header) are read; 1.0 is written, or 2.0 when the header needs it.</remarks>
internal readonly record struct NpyHeader(string Descr, bool FortranOrder, long[] Shape)
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Where the data starts is aligned to this many bytes, counted from the start of the frame.</summary>
    public const int Alignment = 64;

    /// <summary>The most bytes a preamble this reader accepts may have: headers are a few dozen bytes.</summary>
    public const int MaxPreambleBytes = 64 * 1024;

    /// <summary>Whether <paramref name="first"/> starts like a .npy file.</summary>
    public static bool StartsNpy(ReadOnlySpan<byte> first) => first.StartsWith(Magic);

    /// <summary>The number of elements the shape holds.</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (long dimension in Shape)
            {
                count = checked(count * dimension);
            }

            return count;
        }
    }

    /// <summary>
    /// Why the shape does not describe exactly <paramref name="dataBytes"/> bytes of
    /// <paramref name="elementSize"/>-byte elements (a cut or extended array), or <see langword="null"/> when it does.
    /// </summary>
    public string? LengthMismatch(int elementSize, long dataBytes)
    {
        long elements;
        try
        {
            elements = ElementCount;
        }
        catch (OverflowException)
        {
            elements = -1;
        }

        return elements < 0 || elements > Array.MaxLength || elements * elementSize != dataBytes
            ? $"its shape ({string.Join(", ", Shape)}) of {elementSize}-byte elements does not match the {dataBytes} bytes stored"
            : null;
    }

    /// <summary>
    /// The preamble of an array written at <paramref name="position"/> bytes into its frame,
    /// padded so that the data that follows it starts at a multiple of <see cref="Alignment"/>.
    /// </summary>
    public byte[] Write(int position)
    {
        var dict = new StringBuilder("{'descr': '").Append(Descr).Append("', 'fortran_order': ")
            .Append(FortranOrder ? "True" : "False").Append(", 'shape': (");
        for (int i = 0; i < Shape.Length; i++)
        {
            dict.Append(Shape[i].ToString(CultureInfo.InvariantCulture)).Append(Shape.Length == 1 ? "," : i < Shape.Length - 1 ? ", " : string.Empty);
        }

        dict.Append("), }");
        int text = dict.Length + 1;  // With the closing newline.
        bool wide = text + 10 + Alignment > ushort.MaxValue;
        int fixedPart = Magic.Length + 2 + (wide ? 4 : 2);
        int padding = (Alignment - ((position + fixedPart + text) % Alignment)) % Alignment;
        byte[] preamble = new byte[fixedPart + text + padding];
        Magic.CopyTo(preamble);
        preamble[6] = wide ? (byte)2 : (byte)1;
        preamble[7] = 0;
        if (wide)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(preamble.AsSpan(8), (uint)(text + padding));
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(preamble.AsSpan(8), (ushort)(text + padding));
        }

        int at = fixedPart + Encoding.ASCII.GetBytes(dict.ToString(), preamble.AsSpan(fixedPart));
        preamble.AsSpan(at, padding).Fill((byte)' ');
        preamble[^1] = (byte)'\n';
        return preamble;
    }

    /// <summary>The length of the preamble that starts <paramref name="first"/> (its first 12 bytes suffice), or -1 when more bytes are needed.</summary>
    /// <exception cref="FormatException">The bytes are not a .npy preamble.</exception>
    public static int PreambleLength(ReadOnlySpan<byte> first)
    {
        if (first.Length < 10)
        {
            return -1;
        }

        if (!StartsNpy(first))
        {
            throw new FormatException("it does not start with the .npy magic string");
        }

        byte major = first[6];
        long length = major switch
        {
            1 => 10L + BinaryPrimitives.ReadUInt16LittleEndian(first[8..]),
            2 or 3 when first.Length >= 12 => 12L + BinaryPrimitives.ReadUInt32LittleEndian(first[8..]),
            2 or 3 => -1,
            _ => throw new FormatException($"its .npy format version is {major}.{first[7]}; versions 1.0 to 3.0 are read"),
        };
        return length > MaxPreambleBytes
            ? throw new FormatException($"its .npy header has {length} bytes, more than the {MaxPreambleBytes} this reader accepts")
            : (int)length;
    }

    /// <summary>Reads a whole preamble (<see cref="PreambleLength"/> bytes).</summary>
    /// <exception cref="FormatException">The header is not one this reader understands; the message says what.</exception>
    public static NpyHeader Read(ReadOnlySpan<byte> preamble)
    {
        int length = PreambleLength(preamble);
        if (length < 0 || preamble.Length < length)
        {
            throw new FormatException("its .npy header is cut short");
        }

        int start = preamble[6] == 1 ? 10 : 12;
        string text;
        try
        {
            text = (preamble[6] == 3 ? new UTF8Encoding(false, true) : (Encoding)Encoding.Latin1).GetString(preamble[start..length]);
        }
        catch (DecoderFallbackException)
        {
            throw new FormatException("its .npy header is not valid UTF-8");
        }

        return new DictParser(text).Parse();
    }

    /// <summary>The few Python literals a .npy header holds: a dict of strings, booleans and a tuple of integers.</summary>
    private ref struct DictParser(string text)
    {
        private int _at;

        public NpyHeader Parse()
        {
            string? descr = null;
            bool? fortran = null;
            long[]? shape = null;
            Expect('{');
            while (true)
            {
                SkipSpace();
                if (Peek() == '}')
                {
                    _at++;
                    break;
                }

                string key = ReadString();
                Expect(':');
                switch (key)
                {
                    case "descr":
                        SkipSpace();
                        if (Peek() != '\'' && Peek() != '"')
                        {
                            throw new FormatException("its .npy dtype is a record (a list of fields), which is not stored as one element type");
                        }

                        descr = ReadString();
                        break;
                    case "fortran_order":
                        fortran = ReadBool();
                        break;
                    case "shape":
                        shape = ReadShape();
                        break;
                    default:
                        throw new FormatException("its .npy header has an unknown key");
                }

                SkipSpace();
                if (Peek() == ',')
                {
                    _at++;
                }
            }

            if (text.AsSpan(_at).Trim().Length != 0)
            {
                throw new FormatException("its .npy header has text after the dict");
            }

            return descr is null || fortran is null || shape is null
                ? throw new FormatException("its .npy header lacks descr, fortran_order or shape")
                : new NpyHeader(descr, fortran.Value, shape);
        }

        private char Peek() => _at < text.Length ? text[_at] : throw new FormatException("its .npy header ends early");

        private void SkipSpace()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at]))
            {
                _at++;
            }
        }

        private void Expect(char c)
        {
            SkipSpace();
            if (Peek() != c)
            {
                throw new FormatException("its .npy header is not a Python dict literal");
            }

            _at++;
        }

        private string ReadString()
        {
            SkipSpace();
            char quote = Peek();
            if (quote is not ('\'' or '"'))
            {
                throw new FormatException("its .npy header is not a Python dict literal");
            }

            int end = text.IndexOf(quote, _at + 1);
            if (end < 0 || end - _at > 64)
            {
                throw new FormatException("its .npy header has an unterminated or overlong string");
            }

            string value = text[(_at + 1)..end];
            _at = end + 1;
            return value;
        }

        private bool ReadBool()
        {
            SkipSpace();
            if (text.AsSpan(_at).StartsWith("True"))
            {
                _at += 4;
                return true;
            }

            if (text.AsSpan(_at).StartsWith("False"))
            {
                _at += 5;
                return false;
            }

            throw new FormatException("its .npy fortran_order is not True or False");
        }

        private long[] ReadShape()
        {
            Expect('(');
            var dims = new List<long>();
            while (true)
            {
                SkipSpace();
                if (Peek() == ')')
                {
                    _at++;
                    return [.. dims];
                }

                int start = _at;
                while (_at < text.Length && char.IsAsciiDigit(text[_at]))
                {
                    _at++;
                }

                if (_at == start || _at - start > 18 || dims.Count == 32)
                {
                    throw new FormatException("its .npy shape is not a tuple of at most 32 non-negative integers");
                }

                dims.Add(long.Parse(text.AsSpan(start, _at - start), CultureInfo.InvariantCulture));
                if (_at < text.Length && text[_at] == 'L')
                {
                    _at++;  // Python 2 long literals.
                }

                SkipSpace();
                if (Peek() == ',')
                {
                    _at++;
                }
            }
        }
    }
}

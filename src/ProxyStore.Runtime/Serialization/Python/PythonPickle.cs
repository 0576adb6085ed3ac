using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace ProxyStore.Serialization;

/// <summary>
/// Reads Python ProxyStore's <c>PK</c> values, pickles, as plain data only: <c>None</c>, bools,
/// ints, floats, strings, bytes, lists, tuples and dicts. An opcode that names a Python class or
/// function (<c>GLOBAL</c>, <c>STACK_GLOBAL</c>, <c>INST</c>), calls or builds something, or
/// refers outside the pickle refuses it, naming the Python type: no constructor is looked up and
/// nothing in the pickle runs.
/// </summary>
/// <remarks>
/// Python's types come back as <see langword="null"/>, <see cref="bool"/>, <see cref="long"/> (or
/// <see cref="BigInteger"/> beyond it), <see cref="double"/>, <see cref="string"/>,
/// <c>byte[]</c>, <c>List&lt;object?&gt;</c> (list), <c>object?[]</c> (tuple) and
/// <c>Dictionary&lt;object, object?&gt;</c> (dict).
/// </remarks>
internal static class PythonPickle
{
    private const string PlainData = "only plain data (None, bool, int, float, str, bytes, list, tuple, dict) is read from pickles, and nothing in this one was run";

    /// <summary>The plain data in <paramref name="pickle"/>.</summary>
    /// <exception cref="StoreSerializationException">The pickle holds something else, or is not a whole pickle; the message names it.</exception>
    public static object? Read(ReadOnlySpan<byte> pickle)
    {
        // A small pickle machine of our own, not a general unpickler: it knows only the opcodes of
        // plain data, so there is no class lookup to guard and nothing that reflection or
        // trimming could reach (NativeAOT applications carry it without warnings).
        var stack = new List<object?>();
        var marks = new List<int>();
        var memo = new Dictionary<long, object?>();
        int at = 0;
        while (at < pickle.Length)
        {
            byte op = pickle[at++];
            switch (op)
            {
                case (byte)'.':  // STOP
                    if (at != pickle.Length)
                    {
                        throw Refused($"it has {pickle.Length - at} bytes after its end");
                    }

                    if (stack.Count != 1 || marks.Count != 0)
                    {
                        throw Refused("its stack does not hold exactly one value at its end");
                    }

                    return stack[0];
                case (byte)'(':  // MARK
                    marks.Add(stack.Count);
                    break;
                case (byte)'0':  // POP
                    Pop(stack);
                    break;
                case (byte)'1':  // POP_MARK
                    PopToMark(stack, marks);
                    break;
                case (byte)'2':  // DUP
                    stack.Add(Top(stack));
                    break;
                case (byte)'N':
                    stack.Add(null);
                    break;
                case 0x88 or 0x89:  // NEWTRUE, NEWFALSE
                    stack.Add(op == 0x88);
                    break;
                case (byte)'I':  // INT, or a protocol 0 bool (01 or 00)
                {
                    string line = Line(pickle, ref at);
                    stack.Add(line switch { "01" => true, "00" => false, _ => Integer(line.TrimEnd('L')) });
                    break;
                }

                case (byte)'L':  // LONG
                    stack.Add(Integer(Line(pickle, ref at).TrimEnd('L')));
                    break;
                case (byte)'F':  // FLOAT
                    stack.Add(double.TryParse(Line(pickle, ref at), NumberStyles.Float, CultureInfo.InvariantCulture, out double f)
                        ? f
                        : throw Refused("a FLOAT is not a number"));
                    break;
                case (byte)'J':  // BININT
                    stack.Add((long)BinaryPrimitives.ReadInt32LittleEndian(Take(pickle, ref at, 4)));
                    break;
                case (byte)'K':  // BININT1
                    stack.Add((long)Take(pickle, ref at, 1)[0]);
                    break;
                case (byte)'M':  // BININT2
                    stack.Add((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(pickle, ref at, 2)));
                    break;
                case (byte)'G':  // BINFLOAT
                    stack.Add(BinaryPrimitives.ReadDoubleBigEndian(Take(pickle, ref at, 8)));
                    break;
                case 0x8a or 0x8b:  // LONG1, LONG4
                    stack.Add(Narrow(new BigInteger(Counted(pickle, ref at, op == 0x8a ? 1 : 4), isUnsigned: false, isBigEndian: false)));
                    break;
                case (byte)'C' or (byte)'B' or 0x8e:  // SHORT_BINBYTES, BINBYTES, BINBYTES8
                    stack.Add(Counted(pickle, ref at, op == (byte)'C' ? 1 : op == (byte)'B' ? 4 : 8).ToArray());
                    break;
                case 0x8c or (byte)'X' or 0x8d:  // SHORT_BINUNICODE, BINUNICODE, BINUNICODE8
                    stack.Add(Utf8(Counted(pickle, ref at, op == 0x8c ? 1 : op == (byte)'X' ? 4 : 8)));
                    break;
                case (byte)'V':  // UNICODE (protocol 0: raw-unicode-escape)
                    stack.Add(RawUnicodeEscape(Line(pickle, ref at)));
                    break;
                case (byte)'S' or (byte)'T' or (byte)'U':  // STRING, BINSTRING, SHORT_BINSTRING
                    throw Refused("it holds a Python 2 str (STRING, BINSTRING), which Python 3 does not write for its own values; " + PlainData);
                case (byte)']':
                    stack.Add(new List<object?>());
                    break;
                case (byte)'l':  // LIST
                    stack.Add(PopToMark(stack, marks));
                    break;
                case (byte)'a':  // APPEND
                {
                    object? item = Pop(stack);
                    Top<List<object?>>(stack, "APPEND").Add(item);
                    break;
                }

                case (byte)'e':  // APPENDS
                {
                    List<object?> items = PopToMark(stack, marks);
                    Top<List<object?>>(stack, "APPENDS").AddRange(items);
                    break;
                }

                case (byte)')':
                    stack.Add(Array.Empty<object?>());
                    break;
                case (byte)'t':  // TUPLE
                    stack.Add(PopToMark(stack, marks).ToArray());
                    break;
                case 0x85 or 0x86 or 0x87:  // TUPLE1, TUPLE2, TUPLE3
                {
                    int count = op - 0x84;
                    if (stack.Count < count)
                    {
                        throw Refused("a TUPLE opcode finds too few values");
                    }

                    object?[] tuple = stack[^count..].ToArray();
                    stack.RemoveRange(stack.Count - count, count);
                    stack.Add(tuple);
                    break;
                }

                case (byte)'}':
                    stack.Add(new Dictionary<object, object?>());
                    break;
                case (byte)'d':  // DICT
                {
                    var dict = new Dictionary<object, object?>();
                    SetItems(dict, PopToMark(stack, marks));
                    stack.Add(dict);
                    break;
                }

                case (byte)'s':  // SETITEM
                {
                    object? value = Pop(stack);
                    object? key = Pop(stack);
                    SetItems(Top<Dictionary<object, object?>>(stack, "SETITEM"), [key, value]);
                    break;
                }

                case (byte)'u':  // SETITEMS
                {
                    List<object?> pairs = PopToMark(stack, marks);
                    SetItems(Top<Dictionary<object, object?>>(stack, "SETITEMS"), pairs);
                    break;
                }

                case (byte)'p':  // PUT
                    memo[MemoIndex(Line(pickle, ref at))] = Top(stack);
                    break;
                case (byte)'q':  // BINPUT
                    memo[Take(pickle, ref at, 1)[0]] = Top(stack);
                    break;
                case (byte)'r':  // LONG_BINPUT
                    memo[BinaryPrimitives.ReadUInt32LittleEndian(Take(pickle, ref at, 4))] = Top(stack);
                    break;
                case 0x94:  // MEMOIZE
                    memo[memo.Count] = Top(stack);
                    break;
                case (byte)'g' or (byte)'h' or (byte)'j':  // GET, BINGET, LONG_BINGET
                {
                    long index = op switch
                    {
                        (byte)'g' => MemoIndex(Line(pickle, ref at)),
                        (byte)'h' => Take(pickle, ref at, 1)[0],
                        _ => BinaryPrimitives.ReadUInt32LittleEndian(Take(pickle, ref at, 4)),
                    };
                    stack.Add(memo.TryGetValue(index, out object? remembered) ? remembered : throw Refused($"it reads the memo entry {index}, which it never wrote"));
                    break;
                }

                case 0x80:  // PROTO
                    Take(pickle, ref at, 1);
                    break;
                case 0x95:  // FRAME: only a length; its opcodes follow
                    Take(pickle, ref at, 8);
                    break;
                case (byte)'c' or (byte)'i':  // GLOBAL, INST
                {
                    string module = Line(pickle, ref at);
                    string name = Line(pickle, ref at);
                    throw NamesType(module + "." + name);
                }

                case 0x93:  // STACK_GLOBAL
                    throw NamesType(stack.Count >= 2 && stack[^2] is string stackModule && stack[^1] is string stackName ? stackModule + "." + stackName : "(a class it names from the stack)");
                case (byte)'R' or (byte)'b' or 0x81 or 0x92 or (byte)'o':
                    throw Refused("it calls or builds an object (REDUCE, BUILD, NEWOBJ or OBJ); " + PlainData);
                case (byte)'P' or (byte)'Q':
                    throw Refused("it refers to persistent ids outside the pickle; " + PlainData);
                case 0x82 or 0x83 or 0x84:
                    throw Refused("it names a class through Python's extension registry (EXT1/2/4); " + PlainData);
                case 0x8f or 0x90 or 0x91:
                    throw Refused("it holds a set or frozenset; " + PlainData);
                case 0x96:
                    throw Refused("it holds a bytearray; " + PlainData);
                case 0x97 or 0x98:
                    throw Refused("it uses out-of-band buffers (pickle protocol 5 buffer_callback), which are not in the stored value");
                default:
                    throw Refused($"it has the unknown opcode 0x{op:x2} at byte {at - 1}");
            }
        }

        throw Refused("it ends before its STOP opcode");
    }

    private static object? Pop(List<object?> stack)
    {
        if (stack.Count == 0)
        {
            throw Refused("an opcode takes a value from an empty stack");
        }

        object? top = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return top;
    }

    private static object? Top(List<object?> stack) => stack.Count > 0 ? stack[^1] : throw Refused("an opcode reads an empty stack");

    private static T Top<T>(List<object?> stack, string opcode) =>
        Top(stack) is T top ? top : throw Refused($"{opcode} does not find the collection it adds to");

    private static List<object?> PopToMark(List<object?> stack, List<int> marks)
    {
        if (marks.Count == 0 || marks[^1] > stack.Count)
        {
            throw Refused("an opcode needs a MARK that is not there");
        }

        int mark = marks[^1];
        marks.RemoveAt(marks.Count - 1);
        List<object?> items = stack[mark..];
        stack.RemoveRange(mark, stack.Count - mark);
        return items;
    }

    private static void SetItems(Dictionary<object, object?> dict, List<object?> pairs)
    {
        if (pairs.Count % 2 != 0)
        {
            throw Refused("a dict's items do not come in pairs");
        }

        for (int i = 0; i < pairs.Count; i += 2)
        {
            object key = pairs[i] ?? throw new StoreSerializationException(
                "The Python value (PK) is a dict with the key None, which a .NET dictionary cannot hold.");
            dict[key] = pairs[i + 1];
        }
    }

    private static object Integer(string digits) =>
        BigInteger.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out BigInteger value)
            ? Narrow(value)
            : throw Refused("an INT or LONG is not a whole number");

    private static object Narrow(BigInteger value) => value >= long.MinValue && value <= long.MaxValue ? (object)(long)value : value;

    private static string Utf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Refused("a str is not valid UTF-8 (it holds a lone surrogate, which a .NET string would not keep exactly)");
        }
    }

    /// <summary>Python's raw-unicode-escape: Latin-1 text in which only \uXXXX and \UXXXXXXXX are escapes.</summary>
    private static string RawUnicodeEscape(string line)
    {
        var text = new StringBuilder(line.Length);
        for (int i = 0; i < line.Length; i++)
        {
            int digits = line[i] == '\\' && i + 1 < line.Length ? line[i + 1] switch { 'u' => 4, 'U' => 8, _ => 0 } : 0;
            if (digits == 0)
            {
                text.Append(line[i]);
                continue;
            }

            if (i + 2 + digits > line.Length || !int.TryParse(line.AsSpan(i + 2, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code)
                || code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF)
            {
                throw Refused("a UNICODE string has an escape that is not a Unicode scalar value");
            }

            text.Append(char.ConvertFromUtf32(code));
            i += 1 + digits;
        }

        return text.ToString();
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static StoreSerializationException NamesType(string type) =>
        type.StartsWith("numpy", StringComparison.Ordinal)
            ? new($"The Python value (PK) is a pickle that names the Python type '{type}': a NumPy array inside a pickle is not read. " +
                  "Put the array alone (Python ProxyStore stores it with the NP tag), or as a list. Nothing in the pickle was run.")
            : new($"The Python value (PK) is a pickle that names the Python type '{type}'; {PlainData}.");

    private static StoreSerializationException Refused(string why) => new($"The Python value (PK) is not read: {why}.");

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> pickle, ref int at, int count)
    {
        if (pickle.Length - at < count)
        {
            throw Refused("it ends in the middle of an opcode");
        }

        ReadOnlySpan<byte> taken = pickle.Slice(at, count);
        at += count;
        return taken;
    }

    /// <summary>A length of <paramref name="width"/> bytes and the bytes it counts.</summary>
    private static ReadOnlySpan<byte> Counted(ReadOnlySpan<byte> pickle, ref int at, int width)
    {
        ReadOnlySpan<byte> field = Take(pickle, ref at, width);
        ulong length = width switch
        {
            1 => field[0],
            4 => BinaryPrimitives.ReadUInt32LittleEndian(field),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(field),
        };
        return length <= (ulong)(pickle.Length - at) ? Take(pickle, ref at, (int)length) : throw Refused("it ends in the middle of an opcode");
    }

    /// <summary>The text up to the next newline (Latin-1, as protocol 0 writes it), which is skipped.</summary>
    private static string Line(ReadOnlySpan<byte> pickle, ref int at)
    {
        int newline = pickle[at..].IndexOf((byte)'\n');
        if (newline < 0)
        {
            throw Refused("it ends in the middle of an opcode");
        }

        string line = Encoding.Latin1.GetString(pickle.Slice(at, newline));
        at += newline + 1;
        return line;
    }

    private static long MemoIndex(string line) =>
        long.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : throw Refused("a memo index is not a number");
}

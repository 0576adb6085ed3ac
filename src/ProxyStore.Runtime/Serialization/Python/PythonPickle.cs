using System.Buffers.Binary;
using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using Razorvine.Pickle;

namespace ProxyStore.Serialization;

/// <summary>
/// Reads Python ProxyStore's <c>PK</c> values, pickles, as plain data only: <c>None</c>, bools,
/// ints, floats, strings, bytes, lists, tuples and dicts. Every opcode is checked before the
/// pickle is read: one that names a Python class or function (<c>GLOBAL</c>,
/// <c>STACK_GLOBAL</c>, <c>INST</c>), calls or builds something, or refers outside the pickle
/// refuses it, naming the Python type, so the unpickler never looks up a constructor and nothing
/// in the pickle runs.
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
        Check(pickle);
        object? read;
        try
        {
            using var unpickler = new Unpickler();
            read = unpickler.loads(pickle.ToArray());
        }
        catch (Exception e) when (e is PickleException or InvalidCastException or InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException)
        {
            throw new StoreSerializationException($"The Python value (PK) is not a pickle this reader can read: {e.Message}", e);
        }

        return Plain(read);
    }

    /// <summary>Walks the opcodes, refusing any that is not plain data, before anything is read.</summary>
    private static void Check(ReadOnlySpan<byte> pickle)
    {
        // The strings the last two pushes put on the stack and the memo's strings: what a
        // STACK_GLOBAL names (module, then name).
        string? older = null;
        string? newer = null;
        var memo = new Dictionary<long, string?>();
        long memoCount = 0;
        int at = 0;
        while (at < pickle.Length)
        {
            byte op = pickle[at++];
            string? pushed = null;
            bool pushes = true;
            switch (op)
            {
                case (byte)'.':  // STOP
                    if (at != pickle.Length)
                    {
                        throw Refused($"it has {pickle.Length - at} bytes after its end");
                    }

                    return;
                case (byte)'(' or (byte)'0' or (byte)'1' or (byte)'a' or (byte)'e' or (byte)'s' or (byte)'u':
                    pushes = false;  // MARK, POP, POP_MARK, APPEND(S), SETITEM(S)
                    break;
                case (byte)'2' or (byte)'N' or (byte)'d' or (byte)'}' or (byte)'l' or (byte)']' or (byte)'t' or (byte)')'
                    or 0x85 or 0x86 or 0x87 or 0x88 or 0x89:
                    break;  // DUP, NONE, DICT, EMPTY_DICT, LIST, EMPTY_LIST, TUPLE(1-3), EMPTY_TUPLE, NEWTRUE, NEWFALSE
                case (byte)'F' or (byte)'I' or (byte)'L':
                    at = SkipLine(pickle, at);  // FLOAT, INT, LONG
                    break;
                case (byte)'S' or (byte)'V':  // STRING, UNICODE
                {
                    int start = at;
                    at = SkipLine(pickle, at);
                    pushed = Encoding.Latin1.GetString(pickle[start..(at - 1)]).Trim('\'', '"');
                    break;
                }

                case (byte)'J':
                    at = Skip(pickle, at, 4);  // BININT
                    break;
                case (byte)'K':
                    at = Skip(pickle, at, 1);  // BININT1
                    break;
                case (byte)'M':
                    at = Skip(pickle, at, 2);  // BININT2
                    break;
                case (byte)'G':
                    at = Skip(pickle, at, 8);  // BINFLOAT
                    break;
                case 0x8a:
                    at = Counted(pickle, at, 1, out _);  // LONG1
                    break;
                case 0x8b:
                    at = Counted(pickle, at, 4, out _);  // LONG4
                    break;
                case (byte)'U' or (byte)'C':
                    at = Counted(pickle, at, 1, out _);  // SHORT_BINSTRING, SHORT_BINBYTES
                    break;
                case (byte)'T' or (byte)'B':
                    at = Counted(pickle, at, 4, out _);  // BINSTRING, BINBYTES
                    break;
                case 0x8e:
                    at = Counted(pickle, at, 8, out _);  // BINBYTES8
                    break;
                case 0x8c or (byte)'X' or 0x8d:  // SHORT_BINUNICODE, BINUNICODE, BINUNICODE8
                {
                    at = Counted(pickle, at, op == 0x8c ? 1 : op == (byte)'X' ? 4 : 8, out Range text);
                    pushed = Encoding.UTF8.GetString(pickle[text]);
                    break;
                }

                case (byte)'h' or (byte)'j' or (byte)'g':  // BINGET, LONG_BINGET, GET
                {
                    long index = op switch
                    {
                        (byte)'h' => pickle[Skip(pickle, at, 1) - 1],
                        (byte)'j' => BinaryPrimitives.ReadUInt32LittleEndian(pickle[at..Skip(pickle, at, 4)]),
                        _ => LineNumber(pickle, at),
                    };
                    at = op switch { (byte)'h' => at + 1, (byte)'j' => at + 4, _ => SkipLine(pickle, at) };
                    pushed = memo.GetValueOrDefault(index);
                    break;
                }

                case (byte)'q' or (byte)'r' or (byte)'p' or 0x94:  // BINPUT, LONG_BINPUT, PUT, MEMOIZE
                {
                    long index = op switch
                    {
                        (byte)'q' => pickle[Skip(pickle, at, 1) - 1],
                        (byte)'r' => BinaryPrimitives.ReadUInt32LittleEndian(pickle[at..Skip(pickle, at, 4)]),
                        (byte)'p' => LineNumber(pickle, at),
                        _ => memoCount,
                    };
                    at = op switch { (byte)'q' => at + 1, (byte)'r' => at + 4, (byte)'p' => SkipLine(pickle, at), _ => at };
                    memo[index] = newer;
                    memoCount = Math.Max(memoCount, index + 1);
                    pushes = false;
                    break;
                }

                case 0x80:
                    at = Skip(pickle, at, 1);  // PROTO
                    pushes = false;
                    break;
                case 0x95:
                    at = Skip(pickle, at, 8);  // FRAME: only a length; its opcodes follow
                    pushes = false;
                    break;
                case (byte)'c' or (byte)'i':  // GLOBAL, INST
                {
                    int moduleStart = at;
                    int nameStart = SkipLine(pickle, at);
                    int end = SkipLine(pickle, nameStart);
                    string module = Encoding.UTF8.GetString(pickle[moduleStart..(nameStart - 1)]);
                    string name = Encoding.UTF8.GetString(pickle[nameStart..(end - 1)]);
                    throw NamesType(module + "." + name);
                }

                case 0x93:  // STACK_GLOBAL
                    throw NamesType(older is not null && newer is not null ? older + "." + newer : "(a class it names from the stack)");
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

            if (pushes)
            {
                older = newer;
                newer = pushed;
            }
        }

        throw Refused("it ends before its STOP opcode");
    }

    private static StoreSerializationException NamesType(string type) =>
        type.StartsWith("numpy", StringComparison.Ordinal)
            ? new($"The Python value (PK) is a pickle that names the Python type '{type}': a NumPy array inside a pickle is not read. " +
                  "Put the array alone (Python ProxyStore stores it with the NP tag), or as a list. Nothing in the pickle was run.")
            : new($"The Python value (PK) is a pickle that names the Python type '{type}'; {PlainData}.");

    private static StoreSerializationException Refused(string why) => new($"The Python value (PK) is not read: {why}.");

    private static int Skip(ReadOnlySpan<byte> pickle, int at, int count) =>
        pickle.Length - at >= count ? at + count : throw Refused("it ends in the middle of an opcode");

    /// <summary>Skips a length of <paramref name="width"/> bytes and the bytes it counts.</summary>
    private static int Counted(ReadOnlySpan<byte> pickle, int at, int width, out Range bytes)
    {
        int start = Skip(pickle, at, width);
        ulong length = width switch
        {
            1 => pickle[at],
            4 => BinaryPrimitives.ReadUInt32LittleEndian(pickle[at..]),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(pickle[at..]),
        };
        if (length > (ulong)(pickle.Length - start))
        {
            throw Refused("it ends in the middle of an opcode");
        }

        bytes = start..(start + (int)length);
        return start + (int)length;
    }

    private static int SkipLine(ReadOnlySpan<byte> pickle, int at)
    {
        int newline = pickle[at..].IndexOf((byte)'\n');
        return newline < 0 ? throw Refused("it ends in the middle of an opcode") : at + newline + 1;
    }

    private static long LineNumber(ReadOnlySpan<byte> pickle, int at) =>
        long.TryParse(Encoding.ASCII.GetString(pickle[at..(SkipLine(pickle, at) - 1)]), NumberStyles.None, CultureInfo.InvariantCulture, out long n)
            ? n
            : throw Refused("a memo index is not a number");

    /// <summary>What the unpickler made, in the types this reader documents.</summary>
    private static object? Plain(object? value) => value switch
    {
        null or bool or double or string or byte[] or long => value,
        int i => (long)i,
        BigInteger big => big >= long.MinValue && big <= long.MaxValue ? (long)big : big,
        object[] tuple => Array.ConvertAll(tuple, Plain),
        IDictionary dict => PlainDictionary(dict),
        IList list => PlainList(list),
        _ => throw new StoreSerializationException(
            $"The Python value (PK) holds a value read as {value.GetType().FullName}, which is not plain data this reader maps; {PlainData}."),
    };

    private static List<object?> PlainList(IList list)
    {
        var plain = new List<object?>(list.Count);
        foreach (object? item in list)
        {
            plain.Add(Plain(item));
        }

        return plain;
    }

    private static Dictionary<object, object?> PlainDictionary(IDictionary dict)
    {
        var plain = new Dictionary<object, object?>(dict.Count);
        foreach (DictionaryEntry entry in dict)
        {
            object key = Plain(entry.Key) ?? throw new StoreSerializationException(
                "The Python value (PK) is a dict with the key None, which a .NET dictionary cannot hold.");
            plain[key] = Plain(entry.Value);
        }

        return plain;
    }
}

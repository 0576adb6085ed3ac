using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ProxyStore.Serialization.Arrays;

namespace ProxyStore.Serialization;

/// <summary>
/// The serializer stores use unless told otherwise. Byte arrays, byte memory and strings are
/// stored as they are; arrays of numbers and other unmanaged values as their raw bytes in the
/// NumPy <c>.npy</c> format; everything else as System.Text.Json together with the name of its
/// concrete type, so that a get through an interface or a base type returns the type that was
/// put, with the arrays it holds kept out of the JSON as raw buffers.
/// </summary>
/// <remarks>
/// <para><b>Round-trip or refuse.</b> An object is stored only if it comes back exactly: every
/// instance field of its type, public or not, must be written and read back through a property
/// (with any setter, an <c>init</c> or a constructor parameter), a public field or
/// <c>[JsonInclude]</c>; otherwise <see cref="Serialize(object?)"/> throws a
/// <see cref="StoreSerializationException"/> that names the type and the member. Each type is
/// judged once, from its contract. Public fields and value tuples are kept.</para>
/// <para><b>Arrays at memory speed.</b> <c>T[]</c>, <c>T[,]</c>, <c>T[,,]</c> (any rank with zero
/// lower bounds), <see cref="Memory{T}"/>, <see cref="ReadOnlyMemory{T}"/> and
/// <see cref="ArraySegment{T}"/> of an unmanaged <c>T</c> (every primitive, <see cref="Half"/>,
/// <see cref="System.Numerics.Complex"/>, <see cref="decimal"/>, enums, structs of such fields)
/// are stored as their little-endian bytes and come back bit for bit (NaN payloads, <c>-0.0</c>).
/// Alone, the stored bytes are a <c>.npy</c> file; inside an object, the JSON holds a small
/// reference (<c>{"$buf": 0}</c>) and the bytes follow the JSON in the same frame, the way
/// pickle protocol 5 carries NumPy arrays. A get reads them straight into a new array.</para>
/// <para><b>Proxies stay references.</b> A proxy anywhere in an object (a property, a field, an
/// element of a list, array or dictionary) is written as its small reference and read back as
/// an unresolved proxy of the same type; writing never resolves it. A member declared as an
/// interface, an abstract class, <see cref="object"/> or an unsealed class keeps the concrete
/// type of what it holds.</para>
/// <para><b>Safe to read.</b> Deserialization only ever creates types assignable to the type
/// asked for (or to the declared type of a member), and resolves type names only among the
/// assemblies of the application (its dependency graph), loading one of them if needed, so
/// bytes written by someone else cannot make it load or instantiate arbitrary types. An array
/// is never larger than the bytes stored for it.</para>
/// </remarks>
public sealed partial class DefaultSerializer : ISerializer
{
    private const byte NullTag = 0;
    private const byte BytesTag = 1;
    private const byte StringTag = 2;
    private const byte JsonTag = 3;
    private const byte ProxyTag = 4;
    private const byte ArrayTag = 5;
    private const byte JsonWithBuffersTag = 6;

    /// <summary>
    /// Values whose serialized form is at most this long are one array; longer ones keep their
    /// large arrays apart, so a connector writes them from the caller's memory.
    /// </summary>
    internal const int WholeUpToBytes = 64 * 1024;

    private static readonly ConcurrentDictionary<Type, byte[]> TypeNames = new();
    private static readonly ConcurrentDictionary<string, Type> TypesByName = new(StringComparer.Ordinal);

    private readonly Json.JsonGraph _graph;

    // Per type: null when its JSON reads back, else why not. Checked once per type and options.
    private readonly ConcurrentDictionary<Type, string?> _readBack = new();

    private readonly JsonSerializerOptions _options;

    // Set when JSON goes through a source-generated context instead of the reflection-based graph.
    private readonly JsonSerializerContext? _context;

    private readonly bool _hasDefaultOptions;

    private const string ReflectionMessage = "DefaultSerializer(JsonSerializerOptions) builds JSON contracts by reflection; in trimmed and NativeAOT applications use DefaultSerializer(JsonSerializerContext) with [JsonSerializable] for the stored types.";

    private const string ReflectionOff = "Trimmed and NativeAOT applications turn JsonSerializer.IsReflectionEnabledByDefault off; then the default options build no contract by reflection, and JSON of a type fails with a StoreSerializationException naming it.";

    /// <summary>Creates a serializer with System.Text.Json's default options.</summary>
    /// <remarks>Byte arrays, strings, arrays of unmanaged values and proxies need no JSON contract; other types need reflection, so in trimmed and NativeAOT applications use <see cref="DefaultSerializer(JsonSerializerContext)"/>.</remarks>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = ReflectionOff)]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = ReflectionOff)]
    public DefaultSerializer()
        : this(JsonSerializerOptions.Default)
    {
    }

    /// <summary>Creates a serializer that uses <paramref name="options"/> for JSON.</summary>
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public DefaultSerializer(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _hasDefaultOptions = ReferenceEquals(options, JsonSerializerOptions.Default);
        _graph = new Json.JsonGraph(options);
    }

    /// <summary>
    /// Creates a serializer whose JSON contracts come from <paramref name="context"/>, a
    /// source-generated <see cref="JsonSerializerContext"/>: no reflection, so it works in trimmed
    /// and NativeAOT applications. Every stored type needs a <c>[JsonSerializable]</c> in the
    /// context; a get returns the type that was put when the reader asks for that type or this
    /// process has written it. Proxies inside objects need their own converter
    /// (<see cref="ProxyJsonConverter{T}"/>), and arrays inside objects are written as the
    /// context writes them (arrays stored alone are raw bytes as with the other constructors).
    /// </summary>
    public DefaultSerializer(JsonSerializerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _options = context.Options;
        _graph = null!;  // Never used: every JSON path checks _context first.
    }

    /// <summary>Whether this serializer uses System.Text.Json's default options, so a config can name it by omission.</summary>
    internal bool HasDefaultOptions => _hasDefaultOptions;

    /// <summary>A shared instance with default options.</summary>
    public static DefaultSerializer Instance { get; } = new();

    /// <inheritdoc />
    /// <exception cref="StoreSerializationException">The object would not come back exactly; the message names the type and member.</exception>
    public byte[] Serialize(object? value)
    {
        FrameParts parts = SerializeParts(value);
        byte[] frame = parts.IsWhole ? parts.Head : Flatten(parts);
        return frame.AsSpan(StoredFrame.HeaderSize).ToArray();

        static byte[] Flatten(FrameParts parts)
        {
            byte[] whole = GC.AllocateUninitializedArray<byte>(parts.Length);
            parts.CopySealed(whole, key: null);
            return whole;
        }
    }

    /// <summary>
    /// Serializes <paramref name="value"/> behind <see cref="StoredFrame.HeaderSize"/> bytes left
    /// free for the frame's header, so that framing costs no second copy; large arrays stay the
    /// caller's memory, in the tail.
    /// </summary>
    internal FrameParts SerializeParts(object? value)
    {
        // Owned and borrowed references met while writing are sent only if the whole value is written.
        int mark = ReferenceTransfer.Enter();
        bool completed = false;
        try
        {
            FrameParts parts = SerializeCore(value);
            completed = true;
            return parts;
        }
        finally
        {
            ReferenceTransfer.Leave(mark, completed);
        }
    }

    private FrameParts SerializeCore(object? value)
    {
        switch (value)
        {
            case null:
                return Tagged(NullTag, default);
            // Exactly byte[]: the runtime also calls sbyte[] and arrays of byte-sized enums byte[].
            case byte[] bytes when value.GetType() == typeof(byte[]):
                return Tagged(BytesTag, bytes);
            case ReadOnlyMemory<byte> bytes:
                return Tagged(BytesTag, bytes);
            case Memory<byte> bytes:
                return Tagged(BytesTag, bytes);
            case string text:
                return new FrameParts(SerializeString(text));
            case IProxy { Factory: IStoreFactory factory } proxy:
                // A proxy is stored as its reference, never resolved: putting a proxy passes
                // the reference on, as it does in ProxyStore.
                return new FrameParts(WithTypeHeader(ProxyTag, factory.TargetType, ProxyReference.Serialize(proxy)));
        }

        return ElementCodec.TryDescribe(value, out ArrayValue array) ? SerializeArray(array) : SerializeJson(value);
    }

    /// <inheritdoc />
    public object? Deserialize(ReadOnlyMemory<byte> data, Type requestedType)
    {
        using var reader = new PayloadReader(data);
        return Deserialize(reader, requestedType);
    }

    /// <summary>Deserializes the object <paramref name="reader"/> reads, reading its large arrays straight into new arrays.</summary>
    internal object? Deserialize(PayloadReader reader, Type requestedType)
    {
        ArgumentNullException.ThrowIfNull(requestedType);
        if (reader.Length == 0)
        {
            throw new StoreSerializationException("The serialized object is empty; it was not written by this serializer.");
        }

        byte tag = reader.Prefix(1).Span[0];
        switch (tag)
        {
            case NullTag:
                if (requestedType.IsValueType && Nullable.GetUnderlyingType(requestedType) is null)
                {
                    throw new InvalidCastException($"The stored object is null, which is not a {requestedType.FullName}.");
                }

                return null;
            case BytesTag:
                CheckAssignable(requestedType, typeof(byte[]));
                byte[] bytes = Buffers.LargeArrays.Allocate<byte>(reader.Length - 1);
                reader.ReadInto(1, bytes);
                return bytes;
            case StringTag:
                CheckAssignable(requestedType, typeof(string));
                return Encoding.UTF8.GetString(reader.Prefix(reader.Length).Span[1..]);
            case JsonTag:
            case JsonWithBuffersTag:
                return DeserializeJson(reader, tag, requestedType);
            case ProxyTag:
                ReadOnlySpan<byte> span = reader.Prefix(reader.Length).Span;
                Type proxiedType = ReadTypeHeader(span[1..], out int headerLength);
                CheckAssignable(requestedType, proxiedType);
                CreatableTypes.CheckProxied(proxiedType, requestedType);
                return ProxyReference.Deserialize(span[(1 + headerLength)..], proxiedType);
            case ArrayTag:
                return DeserializeArray(reader, requestedType);
            default:
                throw new StoreSerializationException($"The serialized object starts with the unknown tag {tag}; it was not written by this serializer.");
        }
    }

    /// <summary>Whether a stored <paramref name="storedType"/> may be returned for <paramref name="requestedType"/>.</summary>
    internal static bool IsAssignable(Type requestedType, Type storedType)
    {
        Type target = Nullable.GetUnderlyingType(requestedType) ?? requestedType;
        return target.IsAssignableFrom(storedType)
            || (storedType == typeof(byte[]) && (target == typeof(ReadOnlyMemory<byte>) || target == typeof(Memory<byte>)));
    }

    private static void CheckAssignable(Type requestedType, Type storedType)
    {
        if (!IsAssignable(requestedType, storedType))
        {
            throw new InvalidCastException($"The stored object is a {storedType.FullName}, which is not a {requestedType.FullName}.");
        }
    }

    /// <summary>A copy of <paramref name="bytes"/> in an array that is not zeroed first, since the copy fills it.</summary>
    internal static byte[] Copy(ReadOnlySpan<byte> bytes)
    {
        byte[] copy = Buffers.LargeArrays.Allocate<byte>(bytes.Length);
        bytes.CopyTo(copy);
        return copy;
    }

    /// <summary>A tag and <paramref name="payload"/>; a large payload stays the caller's memory.</summary>
    private static FrameParts Tagged(byte tag, ReadOnlyMemory<byte> payload)
    {
        const int headLength = StoredFrame.HeaderSize + 1;
        if (headLength + payload.Length <= WholeUpToBytes)
        {
            // Not zeroed: the header is written when the frame is sealed and the rest is filled here.
            byte[] whole = GC.AllocateUninitializedArray<byte>(headLength + payload.Length);
            whole[StoredFrame.HeaderSize] = tag;
            payload.Span.CopyTo(whole.AsSpan(headLength));
            return new FrameParts(whole);
        }

        byte[] head = new byte[headLength];
        head[StoredFrame.HeaderSize] = tag;
        return new FrameParts(head, [payload]);
    }

    private static byte[] SerializeString(string text)
    {
        const int reserve = StoredFrame.HeaderSize;
        var result = new byte[reserve + 1 + Encoding.UTF8.GetByteCount(text)];
        result[reserve] = StringTag;
        Encoding.UTF8.GetBytes(text, result.AsSpan(reserve + 1));
        return result;
    }

    private static string NameOf(Type type) => SerializerTypes.NameOf(type);

    /// <summary>Writes the tag and the name of <paramref name="type"/>; returns the header's length.</summary>
    private static int WriteTypeHeader(IBufferWriter<byte> buffer, byte tag, Type type)
    {
        byte[] typeName = TypeNames.GetOrAdd(type, static t => Encoding.UTF8.GetBytes(NameOf(t)));
        Span<byte> header = buffer.GetSpan(6 + typeName.Length);
        header[0] = tag;
        int headerLength = 1 + WriteLength(header[1..], typeName.Length);
        typeName.CopyTo(header[headerLength..]);
        buffer.Advance(headerLength + typeName.Length);
        return headerLength + typeName.Length;
    }

    private static byte[] WithTypeHeader(byte tag, Type type, ReadOnlySpan<byte> payload)
    {
        var buffer = new ArrayBufferWriter<byte>(StoredFrame.HeaderSize + payload.Length + 64);
        buffer.GetSpan(StoredFrame.HeaderSize);
        buffer.Advance(StoredFrame.HeaderSize);
        WriteTypeHeader(buffer, tag, type);
        buffer.Write(payload);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads the type name that follows a tag; <paramref name="headerLength"/> is its length in bytes.</summary>
    private static Type ReadTypeHeader(ReadOnlySpan<byte> span, out int headerLength)
    {
        int nameLength = ReadLength(span, out int lengthBytes);
        if (nameLength <= 0 || nameLength > span.Length - lengthBytes)
        {
            throw new StoreSerializationException("The serialized object has a corrupted type header.");
        }

        string typeName = Encoding.UTF8.GetString(span.Slice(lengthBytes, nameLength));
        headerLength = lengthBytes + nameLength;
        return Resolve(typeName)
            ?? throw new StoreSerializationException(
                $"The stored object's type '{StoredText.Printable(typeName)}' is not among this application's assemblies (its dependencies); nothing was loaded.");
    }

    /// <summary>
    /// The length of the type header at the start of <paramref name="first"/> (the bytes after a
    /// tag), or -1 when <paramref name="first"/> is too short to tell.
    /// </summary>
    private static int TypeHeaderLength(ReadOnlySpan<byte> first)
    {
        int nameLength = ReadLength(first, out int lengthBytes);
        return nameLength < 0 ? (first.Length >= 5 ? throw new StoreSerializationException("The serialized object has a corrupted type header.") : -1)
            : lengthBytes + nameLength;
    }

    private static Type? Resolve(string typeName)
    {
        if (TypesByName.TryGetValue(typeName, out Type? known))
        {
            return known;
        }

        // Misses are not cached: a later version of the application may have the type.
        Type? type = SerializerTypes.Resolve(typeName);
        return type is null ? null : TypesByName.GetOrAdd(typeName, type);
    }

    private static int WriteLength(Span<byte> destination, int value)
    {
        int written = 0;
        uint remaining = (uint)value;
        while (remaining >= 0x80)
        {
            destination[written++] = (byte)(remaining | 0x80);
            remaining >>= 7;
        }

        destination[written++] = (byte)remaining;
        return written;
    }

    private static int ReadLength(ReadOnlySpan<byte> source, out int bytesRead)
    {
        int result = 0;
        for (int i = 0; i < 5 && i < source.Length; i++)
        {
            byte b = source[i];
            result |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                bytesRead = i + 1;
                return result < 0 ? -1 : result;
            }
        }

        bytesRead = 0;
        return -1;
    }
}

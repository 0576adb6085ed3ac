using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ProxyStore.Serialization;

/// <summary>
/// The serializer stores use unless told otherwise. Byte arrays, byte memory and strings
/// are stored as they are; everything else as System.Text.Json together with the name of
/// its concrete type, so that a get through an interface or a base type returns the type
/// that was put.
/// </summary>
/// <remarks>
/// <para><b>Round-trip or refuse.</b> An object is stored only if it comes back exactly: every
/// instance field of its type, public or not, must be written and read back through a property
/// (with any setter, an <c>init</c> or a constructor parameter), a public field or
/// <c>[JsonInclude]</c>; otherwise <see cref="Serialize(object?)"/> throws a
/// <see cref="StoreSerializationException"/> that names the type and the member. Each type is
/// judged once, from its contract. Public fields and value tuples are kept.</para>
/// <para><b>Proxies stay references.</b> A proxy anywhere in an object (a property, a field, an
/// element of a list, array or dictionary) is written as its small reference and read back as
/// an unresolved proxy of the same type; writing never resolves it. A member declared as an
/// interface, an abstract class, <see cref="object"/> or an unsealed class keeps the concrete
/// type of what it holds.</para>
/// <para><b>Safe to read.</b> Deserialization only ever creates types assignable to the type
/// asked for (or to the declared type of a member), and resolves type names only among the
/// assemblies of the application (its dependency graph), loading one of them if needed, so
/// bytes written by someone else cannot make it load or instantiate arbitrary types.</para>
/// </remarks>
public sealed class DefaultSerializer : ISerializer
{
    private const byte NullTag = 0;
    private const byte BytesTag = 1;
    private const byte StringTag = 2;
    private const byte JsonTag = 3;
    private const byte ProxyTag = 4;

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
    /// <remarks>Byte arrays, strings and proxies need no JSON contract; other types need reflection, so in trimmed and NativeAOT applications use <see cref="DefaultSerializer(JsonSerializerContext)"/>.</remarks>
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
    /// (<see cref="ProxyJsonConverter{T}"/>).
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
    public byte[] Serialize(object? value) => Serialize(value, reserve: 0);

    /// <summary>
    /// Serializes <paramref name="value"/> behind <paramref name="reserve"/> bytes left free for
    /// the caller's header, so that framing the result costs no second copy.
    /// </summary>
    internal byte[] Serialize(object? value, int reserve)
    {
        // Owned and borrowed references met while writing are sent only if the whole value is written.
        int mark = ReferenceTransfer.Enter();
        bool completed = false;
        try
        {
            byte[] data = SerializeCore(value, reserve);
            completed = true;
            return data;
        }
        finally
        {
            ReferenceTransfer.Leave(mark, completed);
        }
    }

    private byte[] SerializeCore(object? value, int reserve)
    {
        if (TryGetRawBytes(value, out ReadOnlySpan<byte> bytes))
        {
            return Tagged(BytesTag, bytes, reserve);
        }

        switch (value)
        {
            case null:
                return Tagged(NullTag, [], reserve);
            case string text:
                return SerializeString(text, reserve);
            case IProxy { Factory: IStoreFactory factory } proxy:
                // A proxy is stored as its reference, never resolved: putting a proxy passes
                // the reference on, as it does in ProxyStore.
                return WithTypeHeader(ProxyTag, factory.TargetType, ProxyReference.Serialize(proxy), reserve);
            default:
                return SerializeJson(value, reserve);
        }
    }

    /// <summary>What the serializer writes before a byte array's own bytes: one tag byte.</summary>
    internal const int RawBytesOverhead = 1;

    /// <summary>The bytes of <paramref name="value"/> when it is a byte array or byte memory, which the serializer writes as they are.</summary>
    internal static bool TryGetRawBytes(object? value, out ReadOnlySpan<byte> bytes)
    {
        bool raw = TryGetRawMemory(value, out ReadOnlyMemory<byte> memory);
        bytes = memory.Span;
        return raw;
    }

    /// <summary><see cref="TryGetRawBytes"/> as memory, for writers that go on after the caller's stack frame.</summary>
    internal static bool TryGetRawMemory(object? value, out ReadOnlyMemory<byte> bytes)
    {
        switch (value)
        {
            case byte[] array:
                bytes = array;
                return true;
            case ReadOnlyMemory<byte> memory:
                bytes = memory;
                return true;
            case Memory<byte> memory:
                bytes = memory;
                return true;
            default:
                bytes = default;
                return false;
        }
    }

    /// <summary>Whether <paramref name="first"/>, the first <see cref="RawBytesOverhead"/> bytes of a serialized object, start a byte array.</summary>
    internal static bool StartsRawBytes(ReadOnlySpan<byte> first) => first.Length == RawBytesOverhead && first[0] == BytesTag;

    /// <summary>
    /// Writes what <see cref="Serialize(object?)"/> writes for <paramref name="bytes"/> into
    /// <paramref name="destination"/>, which holds exactly <see cref="RawBytesOverhead"/> more bytes.
    /// </summary>
    internal static void WriteRawBytes(ReadOnlySpan<byte> bytes, Span<byte> destination) => WriteTagged(BytesTag, bytes, destination);

    /// <inheritdoc />
    public object? Deserialize(ReadOnlyMemory<byte> data, Type requestedType)
    {
        ArgumentNullException.ThrowIfNull(requestedType);
        ReadOnlySpan<byte> span = data.Span;
        if (span.IsEmpty)
        {
            throw new StoreSerializationException("The serialized object is empty; it was not written by this serializer.");
        }

        switch (span[0])
        {
            case NullTag:
                if (requestedType.IsValueType && Nullable.GetUnderlyingType(requestedType) is null)
                {
                    throw new InvalidCastException($"The stored object is null, which is not a {requestedType.FullName}.");
                }

                return null;
            case BytesTag:
                CheckAssignable(requestedType, typeof(byte[]));
                return Copy(span[1..]);
            case StringTag:
                CheckAssignable(requestedType, typeof(string));
                return Encoding.UTF8.GetString(span[1..]);
            case JsonTag:
                return DeserializeJson(data[1..], requestedType);
            case ProxyTag:
                Type proxiedType = ReadTypeHeader(span[1..], out int headerLength);
                CheckAssignable(requestedType, proxiedType);
                return ProxyReference.Deserialize(span[(1 + headerLength)..], proxiedType);
            default:
                throw new StoreSerializationException($"The serialized object starts with the unknown tag {span[0]}; it was not written by this serializer.");
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
        byte[] copy = GC.AllocateUninitializedArray<byte>(bytes.Length);
        bytes.CopyTo(copy);
        return copy;
    }

    private static byte[] Tagged(byte tag, ReadOnlySpan<byte> payload, int reserve)
    {
        // Not zeroed: the header is written by the caller and the rest is filled here.
        byte[] result = GC.AllocateUninitializedArray<byte>(reserve + 1 + payload.Length);
        WriteTagged(tag, payload, result.AsSpan(reserve));
        return result;
    }

    private static void WriteTagged(byte tag, ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        destination[0] = tag;
        payload.CopyTo(destination[1..]);
    }

    private static byte[] SerializeString(string text, int reserve)
    {
        var result = new byte[reserve + 1 + Encoding.UTF8.GetByteCount(text)];
        result[reserve] = StringTag;
        Encoding.UTF8.GetBytes(text, result.AsSpan(reserve + 1));
        return result;
    }

    private byte[] SerializeJson(object value, int reserve)
    {
        Type type = value.GetType();
        if (_context is not null)
        {
            return SerializeWithContext(_context, value, type, reserve);
        }

        _graph.Contract.Ensure(type);

        // A collection that cannot be created again (a LINQ result, a collection expression
        // typed as an interface) is named as the List, HashSet or Dictionary it comes back as.
        Type stored = _graph.StoredTypeOf(type) ?? type;
        JsonScratch scratch = JsonScratch.Rent();
        try
        {
            ArrayBufferWriter<byte> buffer = scratch.Buffer;
            scratch.Reserve(reserve);
            int headerLength = WriteTypeHeader(buffer, JsonTag, stored);
            try
            {
                Utf8JsonWriter writer = scratch.Writer();
                JsonSerializer.Serialize(writer, value, _graph.ExactTypeInfo(type));
                writer.Flush();
            }
            catch (Exception e) when (e is (NotSupportedException or JsonException or InvalidOperationException) and not StoreReferenceException)
            {
                throw new StoreSerializationException($"Objects of type {type.FullName} cannot be serialized as JSON: {e.Message}", e);
            }

            // Whether a type's JSON reads back is learned once, from its first object.
            if (!_readBack.TryGetValue(stored, out string? problem))
            {
                problem = _readBack.GetOrAdd(stored, TryReadBack(buffer.WrittenSpan[(reserve + headerLength)..].ToArray(), stored));
            }

            if (problem is not null)
            {
                // Storing what can never be read back would lose the object; refuse it now.
                throw new StoreSerializationException($"Objects of type {type.FullName} cannot be read back from JSON, so they are not stored: {problem}");
            }

            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            scratch.Return();
        }
    }

    private string? TryReadBack(byte[] json, Type type)
    {
        try
        {
            JsonSerializer.Deserialize(json, _graph.ExactTypeInfo(type));
            return null;
        }
        catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
        {
            return e.Message;
        }
    }

    private object? DeserializeJson(ReadOnlyMemory<byte> data, Type requestedType)
    {
        ReadOnlySpan<byte> span = data.Span;
        if (_context is not null)
        {
            return DeserializeWithContext(_context, span, requestedType);
        }

        Type storedType = ReadTypeHeader(span, out int headerLength);
        CheckAssignable(requestedType, storedType);
        try
        {
            return JsonSerializer.Deserialize(span[headerLength..], _graph.ExactTypeInfo(storedType));
        }
        catch (JsonException e)
        {
            throw new StoreSerializationException($"The stored {storedType.FullName} is not valid JSON: {e.Message}", e);
        }
    }

    private static byte[] SerializeWithContext(JsonSerializerContext context, object value, Type type, int reserve)
    {
        JsonTypeInfo info = ContractOf(context, type);
        JsonScratch scratch = JsonScratch.Rent();
        try
        {
            scratch.Reserve(reserve);
            WriteTypeHeader(scratch.Buffer, JsonTag, type);
            Utf8JsonWriter writer = scratch.Writer();
            JsonSerializer.Serialize(writer, value, info);
            writer.Flush();

            // A reader of this process finds the type by its name without a lookup.
            TypesByName.TryAdd(NameOf(type), type);
            return scratch.Buffer.WrittenSpan.ToArray();
        }
        finally
        {
            scratch.Return();
        }
    }

    private static object? DeserializeWithContext(JsonSerializerContext context, ReadOnlySpan<byte> span, Type requestedType)
    {
        TypesByName.TryAdd(NameOf(requestedType), requestedType);
        Type storedType = ReadTypeHeader(span, out int headerLength);
        CheckAssignable(requestedType, storedType);
        try
        {
            return JsonSerializer.Deserialize(span[headerLength..], ContractOf(context, storedType));
        }
        catch (JsonException e)
        {
            throw new StoreSerializationException($"The stored {storedType.FullName} is not valid JSON: {e.Message}", e);
        }
    }

    private static JsonTypeInfo ContractOf(JsonSerializerContext context, Type type) =>
        context.GetTypeInfo(type)
        ?? throw new StoreSerializationException(
            $"Objects of type {type.FullName} have no JSON contract in {context.GetType().FullName}: add [JsonSerializable(typeof({type.Name}))] to it.");

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

    private static byte[] WithTypeHeader(byte tag, Type type, ReadOnlySpan<byte> payload, int reserve)
    {
        var buffer = new ArrayBufferWriter<byte>(reserve + payload.Length + 64);
        buffer.GetSpan(reserve);
        buffer.Advance(reserve);
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
                return result;
            }
        }

        bytesRead = 0;
        return -1;
    }
}

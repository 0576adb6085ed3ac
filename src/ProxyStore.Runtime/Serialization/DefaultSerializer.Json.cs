using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ProxyStore.Serialization.Json;

namespace ProxyStore.Serialization;

// Objects as JSON. Without arrays of unmanaged values inside: the tag, the type name, the JSON.
// With them: the tag, the type name, the JSON's length (int32), the JSON, the number of buffers
// and each one's length (varints), then the buffers, each aligned (see BufferAlignment).
public sealed partial class DefaultSerializer
{
    private const int JsonLengthBytes = 4;

    private FrameParts SerializeJson(object value)
    {
        Type type = value.GetType();
        if (_context is not null)
        {
            return new FrameParts(SerializeWithContext(_context, value, type));
        }

        _graph.Contract.Ensure(type);

        // A collection that cannot be created again (a LINQ result, a collection expression
        // typed as an interface) is named as the List, HashSet or Dictionary it comes back as.
        Type stored = _graph.StoredTypeOf(type) ?? type;
        JsonScratch scratch = JsonScratch.Rent();
        OutOfBandWriter buffers = OutOfBandWriter.Begin();
        try
        {
            ArrayBufferWriter<byte> buffer = scratch.Buffer;
            scratch.Reserve(StoredFrame.HeaderSize);
            int headerEnd = StoredFrame.HeaderSize + WriteTypeHeader(buffer, JsonTag, stored);

            // Room for the JSON's length, kept only when arrays follow the JSON.
            buffer.GetSpan(JsonLengthBytes);
            buffer.Advance(JsonLengthBytes);
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

            int jsonStart = headerEnd + JsonLengthBytes;
            ReadOnlySpan<byte> json = buffer.WrittenSpan[jsonStart..];

            // Whether a type's JSON reads back is learned once, from its first object.
            if (!_readBack.TryGetValue(stored, out string? problem))
            {
                problem = _readBack.GetOrAdd(stored, TryReadBack(json.ToArray(), stored, buffers.Buffers));
            }

            if (problem is not null)
            {
                // Storing what can never be read back would lose the object; refuse it now.
                throw new StoreSerializationException($"Objects of type {type.FullName} cannot be read back from JSON, so they are not stored: {problem}");
            }

            if (buffers.Buffers.Count == 0)
            {
                byte[] frame = GC.AllocateUninitializedArray<byte>(headerEnd + json.Length);
                buffer.WrittenSpan[..headerEnd].CopyTo(frame);
                json.CopyTo(frame.AsSpan(headerEnd));
                return new FrameParts(frame);
            }

            return WithBuffers(buffer, headerEnd, json.Length, buffers.Buffers);
        }
        finally
        {
            buffers.End();
            scratch.Return();
        }
    }

    /// <summary>Frames JSON that refers to <paramref name="buffers"/>, which follow it.</summary>
    private static FrameParts WithBuffers(ArrayBufferWriter<byte> buffer, int headerEnd, int jsonLength, List<ReadOnlyMemory<byte>> buffers)
    {
        // The tag says that buffers follow; the JSON's length lets a reader find them.
        Span<byte> head = buffer.GetSpan(5 + (5 * buffers.Count));
        int table = WriteLength(head, buffers.Count);
        foreach (ReadOnlyMemory<byte> bytes in buffers)
        {
            table += WriteLength(head[table..], bytes.Length);
        }

        buffer.Advance(table);
        ReadOnlySpan<byte> prefix = buffer.WrittenSpan;

        var tail = new List<ReadOnlyMemory<byte>>(2 * buffers.Count);
        long position = prefix.Length;
        foreach (ReadOnlyMemory<byte> bytes in buffers)
        {
            int padding = Padding(position, bytes.Length);
            if (padding > 0)
            {
                tail.Add(FrameParts.Zeros[..padding]);
            }

            if (bytes.Length > 0)
            {
                tail.Add(bytes);
            }

            position += padding + bytes.Length;
        }

        byte[] headArray = prefix.ToArray();
        headArray[StoredFrame.HeaderSize] = JsonWithBuffersTag;
        BinaryPrimitives.WriteInt32LittleEndian(headArray.AsSpan(headerEnd), jsonLength);
        var parts = new FrameParts(headArray, [.. tail]);
        if (parts.Length > WholeUpToBytes)
        {
            return parts;
        }

        // Small enough to be one array: copied now, once, instead of by the connector.
        byte[] whole = GC.AllocateUninitializedArray<byte>(parts.Length);
        headArray.CopyTo(whole, 0);
        int at = headArray.Length;
        foreach (ReadOnlyMemory<byte> part in tail)
        {
            part.Span.CopyTo(whole.AsSpan(at));
            at += part.Length;
        }

        return new FrameParts(whole);
    }

    /// <summary>
    /// The zeros before a buffer of <paramref name="length"/> bytes written at
    /// <paramref name="position"/> in its frame: large buffers start on a 64-byte line, small
    /// ones on 8 bytes, so that any element type is aligned where the frame is.
    /// </summary>
    private static int Padding(long position, int length)
    {
        int alignment = length >= 4096 ? 64 : 8;
        return (int)((alignment - (position % alignment)) % alignment);
    }

    private string? TryReadBack(byte[] json, Type type, List<ReadOnlyMemory<byte>> buffers)
    {
        OutOfBandReader reader = OutOfBandReader.Begin(buffers);
        try
        {
            JsonSerializer.Deserialize(json, _graph.ExactTypeInfo(type));
            return null;
        }
        catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
        {
            return e.Message;
        }
        finally
        {
            reader.End();
        }
    }

    private object? DeserializeJson(PayloadReader payload, byte tag, Type requestedType)
    {
        if (_context is not null)
        {
            if (tag != JsonTag)
            {
                throw new StoreSerializationException(
                    "The stored object keeps arrays apart from its JSON, which a DefaultSerializer built on a JsonSerializerContext does not read; read it with one built on options.");
            }

            return DeserializeWithContext(_context, payload.Prefix(payload.Length).Span[1..], requestedType);
        }

        if (tag == JsonTag)
        {
            ReadOnlySpan<byte> span = payload.Prefix(payload.Length).Span[1..];
            Type storedType = ReadTypeHeader(span, out int headerLength);
            CheckAssignable(requestedType, storedType);
            CreatableTypes.Check(storedType, requestedType, "The stored object");
            return ReadJson(span[headerLength..], storedType);
        }

        return DeserializeJsonWithBuffers(payload, requestedType);
    }

    // The shortest JSON that names a buffer: "$buf":0
    private const int MinBufferReference = 8;

    private object? DeserializeJsonWithBuffers(PayloadReader payload, Type requestedType)
    {
        ReadOnlySpan<byte> first = payload.Prefix(1024).Span;
        int typeHeaderLength = TypeHeaderLength(first[1..]);
        if (typeHeaderLength < 0 || 1 + typeHeaderLength + JsonLengthBytes > first.Length)
        {
            first = payload.Prefix(1 + Math.Max(typeHeaderLength, 5) + JsonLengthBytes).Span;
        }

        Type storedType = ReadTypeHeader(first[1..], out typeHeaderLength);
        CheckAssignable(requestedType, storedType);
        CreatableTypes.Check(storedType, requestedType, "The stored object");
        int jsonStart = 1 + typeHeaderLength + JsonLengthBytes;
        int jsonLength = first.Length >= jsonStart ? BinaryPrimitives.ReadInt32LittleEndian(first[(jsonStart - JsonLengthBytes)..]) : -1;
        if (jsonLength < 0 || jsonLength > payload.Length - jsonStart)
        {
            throw new StoreSerializationException($"The stored {storedType.FullName} has a corrupted JSON length.");
        }

        // The table of buffers: a count and each one's length, at most five bytes a number.
        int tableStart = jsonStart + jsonLength;
        ReadOnlySpan<byte> head = payload.Prefix(tableStart + 5).Span;
        int count = ReadLength(head[tableStart..], out int countBytes);

        // Every buffer is named in the JSON by {"$buf":n}, at least MinBufferReference bytes, so a
        // count out of proportion to the JSON is forged; checked before the table is allocated.
        if (count < 0 || count > payload.Length - tableStart || count > jsonLength / MinBufferReference)
        {
            throw new StoreSerializationException($"The stored {storedType.FullName} has a corrupted table of buffers.");
        }

        head = payload.Prefix(tableStart + countBytes + (5 * count)).Span;
        var regions = new (int Offset, int Length)[count];
        int at = tableStart + countBytes;
        for (int i = 0; i < count; i++)
        {
            int length = ReadLength(head[at..], out int lengthBytes);
            if (length < 0)
            {
                throw new StoreSerializationException($"The stored {storedType.FullName} has a corrupted table of buffers.");
            }

            at += lengthBytes;
            regions[i] = (0, length);
        }

        // Where each buffer starts follows from the lengths, as the writer laid them out.
        long position = at;
        for (int i = 0; i < count; i++)
        {
            position += Padding(StoredFrame.HeaderSize + position, regions[i].Length);
            regions[i].Offset = (int)Math.Min(position, int.MaxValue);
            position += regions[i].Length;
        }

        if (position != payload.Length)
        {
            throw new StoreSerializationException(
                $"The stored {storedType.FullName} holds {payload.Length} bytes, and its JSON and buffers account for {position}: it was not written by this serializer.");
        }

        ReadOnlyMemory<byte> json = payload.Prefix(tableStart).Slice(jsonStart, jsonLength);
        OutOfBandReader buffers = OutOfBandReader.Begin(payload, regions);
        try
        {
            return ReadJson(json.Span, storedType);
        }
        finally
        {
            buffers.End();
        }
    }

    private object? ReadJson(ReadOnlySpan<byte> json, Type storedType)
    {
        try
        {
            return JsonSerializer.Deserialize(json, _graph.ExactTypeInfo(storedType));
        }
        catch (JsonException e)
        {
            throw new StoreSerializationException($"The stored {storedType.FullName} is not valid JSON: {e.Message}", e);
        }
    }

    private static byte[] SerializeWithContext(JsonSerializerContext context, object value, Type type)
    {
        JsonTypeInfo info = ContractOf(context, type);
        JsonScratch scratch = JsonScratch.Rent();
        try
        {
            scratch.Reserve(StoredFrame.HeaderSize);
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
        CreatableTypes.Check(storedType, requestedType, "The stored object");
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
}

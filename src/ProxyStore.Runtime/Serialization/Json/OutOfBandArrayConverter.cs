using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using ProxyStore.Serialization.Arrays;

namespace ProxyStore.Serialization.Json;

/// <summary>
/// Writes an array of unmanaged values as a reference to a buffer that follows the JSON
/// (<c>{"$buf": 2}</c>, with <c>"shape": [rows, columns]</c> for more than one dimension) and
/// reads it back by reading that buffer straight into a new array.
/// </summary>
/// <remarks>
/// JSON written before arrays left it (a JSON array of numbers, or base64 for bytes) still
/// reads. Outside a serialization that collects buffers the array is written as JSON, as
/// System.Text.Json would.
/// </remarks>
[RequiresUnreferencedCode("Reflection-based JSON; use DefaultSerializer(JsonSerializerContext) in trimmed and NativeAOT applications.")]
[RequiresDynamicCode("Reflection-based JSON; use DefaultSerializer(JsonSerializerContext) in trimmed and NativeAOT applications.")]
internal sealed class OutOfBandArrayConverter<TValue>(ElementCodec codec, ArrayContainer container, int rank) : JsonConverter<TValue>
{
    private static readonly JsonEncodedText BufferName = JsonEncodedText.Encode("$buf");
    private static readonly JsonEncodedText ShapeName = JsonEncodedText.Encode("shape");

    // JSON as System.Text.Json writes it without this converter: for frames written before, and writes outside a store.
    private static readonly JsonSerializerOptions Plain = new() { IncludeFields = true };

    public override bool HandleNull => false;

    public override void Write(Utf8JsonWriter writer, TValue value, JsonSerializerOptions options)
    {
        if (OutOfBandWriter.Current is not { } buffers || !ElementCodec.TryDescribe(value, out ArrayValue array))
        {
            JsonSerializer.Serialize(writer, value, Plain);
            return;
        }

        writer.WriteStartObject();
        writer.WriteNumber(BufferName, buffers.Add(array.Bytes));
        if (array.Shape.Length > 1)
        {
            writer.WriteStartArray(ShapeName);
            foreach (long dimension in array.Shape)
            {
                writer.WriteNumberValue(dimension);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    public override TValue? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return JsonSerializer.Deserialize<TValue>(ref reader, Plain);
        }

        int index = -1;
        long[]? shape = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(BufferName.EncodedUtf8Bytes))
            {
                reader.Read();
                index = reader.GetInt32();
            }
            else if (reader.ValueTextEquals(ShapeName.EncodedUtf8Bytes))
            {
                shape = ReadShape(ref reader);
            }
            else
            {
                throw new JsonException($"A stored {typeof(TValue).Name} has a property other than \"$buf\" and \"shape\".");
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || index < 0)
        {
            throw new JsonException($"A stored {typeof(TValue).Name} does not name its buffer.");
        }

        OutOfBandReader buffers = OutOfBandReader.Current
            ?? throw new JsonException($"A stored {typeof(TValue).Name} refers to a buffer, and none follow this JSON.");
        int length = buffers.Take(index);
        if (length % codec.Size != 0)
        {
            throw new JsonException($"Buffer {index} holds {length} bytes, not a whole number of {codec.Size}-byte {codec.ElementType.Name} elements.");
        }

        shape ??= [length / codec.Size];
        long elements = 1;
        foreach (long dimension in shape)
        {
            elements = dimension < 0 || dimension > Array.MaxLength ? -1 : elements * dimension;
            if (elements < 0 || elements > Array.MaxLength)
            {
                break;
            }
        }

        if (shape.Length != rank || elements * codec.Size != length)
        {
            throw new JsonException($"A stored {typeof(TValue).Name} has the shape ({string.Join(", ", shape)}), which does not match its {length}-byte buffer.");
        }

        // Read-only memory can keep the stored bytes themselves when they outlive the get (an
        // in-memory store's frame): no copy, and nobody can change them through it.
        if (container == ArrayContainer.ReadOnlyMemory && buffers.TryLend(index, out ReadOnlyMemory<byte> lent))
        {
            return (TValue)codec.Lend(lent);
        }

        Array array = codec.Allocate(shape);
        buffers.Read(index, DefaultSerializer.BytesOf(array, codec.Size));
        return (TValue)codec.Wrap(array, container);
    }

    private static long[] ReadShape(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("A stored array's shape is not a list of lengths.");
        }

        var shape = new List<long>();
        while (reader.Read() && reader.TokenType == JsonTokenType.Number)
        {
            shape.Add(shape.Count < 32 ? reader.GetInt64() : throw new JsonException("A stored array's shape has more than 32 dimensions."));
        }

        return reader.TokenType == JsonTokenType.EndArray ? [.. shape] : throw new JsonException("A stored array's shape is not a list of lengths.");
    }
}

using System.Text.Json;
using ProxyStore.Serialization.Json;

namespace ProxyStore.Streams;

/// <summary>
/// Writes and reads an <see cref="EventBatch"/> as the UTF-8 JSON message a broker carries.
/// Every message starts with its format version; a reader refuses a newer version with a
/// <see cref="StreamEventVersionException"/> instead of guessing at fields it does not know.
/// </summary>
/// <remarks>
/// The message of version 1:
/// <code>
/// {"version":1,"topic":"t","events":[
///   {"type":"new_object_key","key":{"id":"…"},"store":{…StoreConfig…},"evict":true,"metadata":{…},"traceparent":"00-…"},
///   {"type":"new_object","data":"base64…","metadata":{…}},
///   {"type":"end_of_stream"}]}
/// </code>
/// </remarks>
public static class StreamEventJson
{
    /// <summary>The format version this build writes, and the newest it reads.</summary>
    public const int Version = 1;

    private const string NewObjectKeyType = "new_object_key";
    private const string NewObjectType = "new_object";
    private const string EndOfStreamType = "end_of_stream";

    /// <summary>The message of <paramref name="batch"/>.</summary>
    /// <exception cref="ArgumentException">An event of the batch belongs to another topic.</exception>
    public static byte[] ToBytes(EventBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", Version);
            writer.WriteString("topic", batch.Topic);
            writer.WriteStartArray("events");
            foreach (StreamEvent streamEvent in batch.Events)
            {
                if (streamEvent.Topic != batch.Topic)
                {
                    throw new ArgumentException($"A batch of topic '{batch.Topic}' holds an event of topic '{streamEvent.Topic}'; a batch carries one topic.", nameof(batch));
                }

                WriteEvent(writer, streamEvent);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        // A message names stores and keys as a reference does, so it is signed as one.
        return SignedReference.Sign(buffer.WrittenSpan.ToArray());
    }

    /// <summary>Reads a message written by <see cref="ToBytes"/>.</summary>
    /// <exception cref="StreamEventVersionException">The message has a newer format version than this build reads.</exception>
    /// <exception cref="StreamEventFormatException">The message is not an event batch.</exception>
    /// <exception cref="ReferenceSignatureException">The message's signature is missing or does not check (see <see cref="ReferenceKeys"/>).</exception>
    public static EventBatch FromBytes(ReadOnlyMemory<byte> message)
    {
        JsonDocument document;
        try
        {
            ReadOnlySpan<byte> opened = SignedReference.Open(message.Span, "stream message");
            document = opened.Length == message.Length ? JsonDocument.Parse(message) : JsonDocument.Parse(opened.ToArray());
        }
        catch (JsonException e)
        {
            throw new StreamEventFormatException($"A stream message of {message.Length} bytes is not JSON: {e.Message}", e);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new StreamEventFormatException($"A stream message must be a JSON object; got a {root.ValueKind}.");
            }

            // The version is read before anything else, so a newer message fails on its version
            // and not on whatever field it renamed.
            int version = root.TryGetProperty("version", out JsonElement v) && v.TryGetInt32(out int read)
                ? read
                : throw new StreamEventFormatException("A stream message has no integer 'version'; it was not written by a stream producer.");
            string topic = RequiredString(root, "topic", "message");
            if (version > Version)
            {
                throw new StreamEventVersionException(version, topic);
            }

            if (version < 1)
            {
                throw new StreamEventFormatException($"A stream message of topic '{topic}' has version {version}; versions start at 1.");
            }

            if (!root.TryGetProperty("events", out JsonElement events) || events.ValueKind != JsonValueKind.Array)
            {
                throw new StreamEventFormatException($"The stream message of topic '{topic}' has no 'events' array.");
            }

            var list = new List<StreamEvent>(events.GetArrayLength());
            foreach (JsonElement element in events.EnumerateArray())
            {
                list.Add(ReadEvent(element, topic));
            }

            return new EventBatch(topic, list);
        }
    }

    private static void WriteEvent(Utf8JsonWriter writer, StreamEvent streamEvent)
    {
        writer.WriteStartObject();
        switch (streamEvent)
        {
            case NewObjectKeyEvent keyEvent:
                writer.WriteString("type", NewObjectKeyType);
                writer.WritePropertyName("key");
                JsonSerializer.Serialize(writer, keyEvent.Key, RuntimeJsonContext.Info<StoreKey>(ConfigJson.Options));
                writer.WritePropertyName("store");
                JsonSerializer.Serialize(writer, keyEvent.StoreConfig, RuntimeJsonContext.Info<StoreConfig>(ConfigJson.Options));
                writer.WriteBoolean("evict", keyEvent.Evict);
                WriteMetadata(writer, keyEvent.Metadata);
                if (keyEvent.TraceParent is not null)
                {
                    writer.WriteString("traceparent", keyEvent.TraceParent);
                }

                break;
            case NewObjectEvent objectEvent:
                writer.WriteString("type", NewObjectType);
                writer.WriteBase64String("data", objectEvent.Data);
                WriteMetadata(writer, objectEvent.Metadata);
                break;
            case EndOfStreamEvent:
                writer.WriteString("type", EndOfStreamType);
                break;
            default:
                throw new ArgumentException($"Unknown stream event type {streamEvent.GetType().FullName}.", nameof(streamEvent));
        }

        writer.WriteEndObject();
    }

    private static void WriteMetadata(Utf8JsonWriter writer, IReadOnlyDictionary<string, JsonElement> metadata)
    {
        writer.WriteStartObject("metadata");
        foreach ((string name, JsonElement value) in metadata)
        {
            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    private static StreamEvent ReadEvent(JsonElement element, string topic)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new StreamEventFormatException($"An event of topic '{topic}' is a {element.ValueKind}, not an object.");
        }

        string type = RequiredString(element, "type", $"event of topic '{topic}'");
        try
        {
            return type switch
            {
                NewObjectKeyType => new NewObjectKeyEvent(
                    topic,
                    element.GetProperty("key").Deserialize(RuntimeJsonContext.Info<StoreKey>(ConfigJson.Options))!,
                    element.GetProperty("store").Deserialize(RuntimeJsonContext.Info<StoreConfig>(ConfigJson.Options))!,
                    element.GetProperty("evict").GetBoolean(),
                    ReadMetadata(element),
                    element.TryGetProperty("traceparent", out JsonElement trace) ? trace.GetString() : null),
                NewObjectType => new NewObjectEvent(topic, element.GetProperty("data").GetBytesFromBase64(), ReadMetadata(element)),
                EndOfStreamType => new EndOfStreamEvent(topic),
                _ => throw new StreamEventFormatException($"An event of topic '{topic}' has the unknown type '{type}'."),
            };
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or JsonException or ArgumentException)
        {
            throw new StreamEventFormatException($"The '{type}' event of topic '{topic}' is malformed: {e.Message}", e);
        }
    }

    private static Dictionary<string, JsonElement> ReadMetadata(JsonElement element)
    {
        JsonElement metadata = element.GetProperty("metadata");
        var read = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (JsonProperty property in metadata.EnumerateObject())
        {
            // Cloned: the values outlive the document the message was parsed into.
            read[property.Name] = property.Value.Clone();
        }

        return read;
    }

    private static string RequiredString(JsonElement element, string name, string what) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new StreamEventFormatException($"The {what} has no string '{name}'.");
}

using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ProxyStore.Serialization.Json;

/// <summary>
/// Writes and reads a member of an exactly-typed object through the graph's main options,
/// where proxies, subtypes and interface-typed values are handled.
/// </summary>
internal sealed class DelegatingConverter<T>(JsonGraph graph) : JsonConverter<T>
{
    private JsonTypeInfo<T>? _typeInfo;

    private JsonTypeInfo<T> TypeInfo => _typeInfo ??= (JsonTypeInfo<T>)graph.Main.GetTypeInfo(typeof(T));

    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize(ref reader, TypeInfo);

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, TypeInfo);
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProxyStore.Serialization.Json;

/// <summary>
/// Puts the <see cref="ReferenceAwareConverter{T}"/> in every open position of a graph:
/// members and elements typed as interfaces, abstract classes, <see cref="object"/> or
/// unsealed classes.
/// </summary>
internal sealed class ReferenceAwareConverterFactory(JsonGraph graph) : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => graph.Intercepts(typeToConvert);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(ReferenceAwareConverter<>).MakeGenericType(typeToConvert), graph)!;
}

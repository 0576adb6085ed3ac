using System.Text.Json;

namespace ProxyStore.Streams;

/// <summary>Turns what a caller passes as an object's metadata into the JSON form both sides of a stream see.</summary>
internal static class StreamMetadata
{
    public static IReadOnlyDictionary<string, JsonElement> Empty { get; } = new Dictionary<string, JsonElement>(0);

    /// <summary>
    /// The metadata as JSON values: <paramref name="metadata"/> may be null, a dictionary, an
    /// anonymous object or a record, anything that System.Text.Json writes as a JSON object.
    /// </summary>
    /// <exception cref="ArgumentException">It does not serialize to a JSON object.</exception>
    public static IReadOnlyDictionary<string, JsonElement> From(object? metadata, string topic)
    {
        switch (metadata)
        {
            case null:
                return Empty;
            case IReadOnlyDictionary<string, JsonElement> json:
                return new Dictionary<string, JsonElement>(json, StringComparer.Ordinal);
        }

        if (!JsonSerializer.IsReflectionEnabledByDefault)
        {
            throw new ArgumentException(
                $"The metadata of an object sent to topic '{topic}' is a {metadata.GetType()}, which needs reflection-based JSON, and reflection is off here (trimmed or NativeAOT); pass an IReadOnlyDictionary<string, JsonElement> instead.",
                nameof(metadata));
        }

        JsonElement element;
        try
        {
            element = ToElement(metadata);
        }
        catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException)
        {
            throw new ArgumentException($"The metadata of an object sent to topic '{topic}' ({metadata.GetType()}) cannot be written as JSON: {e.Message}", nameof(metadata), e);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException(
                $"The metadata of an object sent to topic '{topic}' must be a JSON object (a dictionary, an anonymous object, a record); {metadata.GetType()} is written as a JSON {element.ValueKind}.",
                nameof(metadata));
        }

        var read = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (JsonProperty property in element.EnumerateObject())
        {
            read[property.Name] = property.Value;
        }

        return read;
    }

    // Reached only when reflection-based JSON is on (checked above); a trimmed or NativeAOT
    // program passes its metadata as JSON values instead.
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Guarded by JsonSerializer.IsReflectionEnabledByDefault.")]
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Guarded by JsonSerializer.IsReflectionEnabledByDefault.")]
    private static JsonElement ToElement(object metadata) => JsonSerializer.SerializeToElement(metadata, metadata.GetType());
}

using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ProxyStore.Serialization.Json;

namespace ProxyStore;

/// <summary>The JSON form of a <see cref="MetricsReport"/>.</summary>
internal static class MetricsReportJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new ReportConverter() },
        TypeInfoResolver = RuntimeJsonContext.Default,
    };

    public static JsonTypeInfo<MetricsReport> ReportInfo { get; } = RuntimeJsonContext.Info<MetricsReport>(Options);

    private static object ReadAttribute(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out long number) => number,
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => value.Clone(),
    };

    // Attribute values of the types the runtime has contracts for keep their JSON type; any
    // other value is written as its invariant text, so a report never needs reflection.
    private static JsonElement WriteAttribute(object value, JsonSerializerOptions options) =>
        options.TryGetTypeInfo(value.GetType(), out JsonTypeInfo? info)
            ? JsonSerializer.SerializeToElement(value, info)
            : JsonSerializer.SerializeToElement(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty, RuntimeJsonContext.Default.String);

    internal sealed record EntryDto(
        IReadOnlyList<StoreKey> Keys,
        bool Batch,
        Dictionary<string, JsonElement> Attributes,
        Dictionary<string, long> Counters,
        Dictionary<string, TimeStats> Times);

    internal sealed record ReportDto(IReadOnlyList<EntryDto> Entries);

    private sealed class ReportConverter : JsonConverter<MetricsReport>
    {
        public override MetricsReport Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            ReportDto dto = JsonSerializer.Deserialize(ref reader, RuntimeJsonContext.Info<ReportDto>(options)) ?? throw new JsonException("A metrics report cannot be null.");
            var entries = new List<KeyedMetrics>();
            foreach (EntryDto entry in dto.Entries ?? throw new JsonException("A metrics report needs its entries."))
            {
                if (entry.Keys is not { Count: > 0 })
                {
                    throw new JsonException("Each metrics report entry needs at least one key.");
                }

                var metrics = new Metrics(
                    new SortedDictionary<string, object>((entry.Attributes ?? []).ToDictionary(a => a.Key, a => ReadAttribute(a.Value)), StringComparer.Ordinal),
                    new SortedDictionary<string, long>(entry.Counters ?? [], StringComparer.Ordinal),
                    new SortedDictionary<string, TimeStats>(entry.Times ?? [], StringComparer.Ordinal));
                entries.Add(new KeyedMetrics(entry.Keys, entry.Batch, metrics));
            }

            return new MetricsReport(entries);
        }

        public override void Write(Utf8JsonWriter writer, MetricsReport value, JsonSerializerOptions options)
        {
            var dto = new ReportDto(value.Entries.Select(e => new EntryDto(
                e.Keys,
                e.IsBatch,
                e.Metrics.Attributes.ToDictionary(a => a.Key, a => WriteAttribute(a.Value, options)),
                e.Metrics.Counters.ToDictionary(),
                e.Metrics.Times.ToDictionary())).ToList());
            JsonSerializer.Serialize(writer, dto, RuntimeJsonContext.Info<ReportDto>(options));
        }
    }
}

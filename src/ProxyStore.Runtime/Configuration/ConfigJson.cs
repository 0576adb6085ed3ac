using System.Text.Json;

namespace ProxyStore;

/// <summary>The JSON settings of every configuration the runtime writes and reads.</summary>
internal static class ConfigJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}

using System.Text.Json;

namespace ProxyStore;

/// <summary>The JSON settings of every configuration the runtime writes and reads.</summary>
internal static class ConfigJson
{
    // Unknown options are errors, not silently ignored: a misspelt option would otherwise
    // recreate a connector that differs from the one configured.
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };
}

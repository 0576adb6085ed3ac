using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ProxyStore.Connectors;

namespace ProxyStore.Serialization.Json;

/// <summary>
/// Compile-time JSON contract of the Redis connector's options, so that its configs are
/// written and read without reflection (trimmed and NativeAOT applications), under the same
/// settings as the runtime's own connector options.
/// </summary>
[JsonSerializable(typeof(RedisConnector.ConfigOptions), TypeInfoPropertyName = "RedisOptions")]
internal sealed partial class RedisJsonContext : JsonSerializerContext
{
    // The runtime's connector-options settings (web naming, unknown options refused) with this
    // context's contracts.
    private static readonly JsonSerializerOptions ConfigOptions = new(ConfigJson.Options)
    {
        TypeInfoResolver = Default,
    };

    /// <summary>The contract of the Redis connector's options under the runtime's config settings.</summary>
    public static JsonTypeInfo<RedisConnector.ConfigOptions> RedisOptionsInfo { get; } =
        (JsonTypeInfo<RedisConnector.ConfigOptions>)ConfigOptions.GetTypeInfo(typeof(RedisConnector.ConfigOptions));
}

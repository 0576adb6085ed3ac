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
    /// <summary>The contract of the Redis connector's options under the runtime's config settings.</summary>
    public static JsonTypeInfo<RedisConnector.ConfigOptions> RedisOptionsInfo => Contracts.RedisOptions;

    // In a class of its own: a static field of this partial class could be initialized before
    // the generated part's own statics, on which Default depends.
    private static class Contracts
    {
        // The runtime's connector-options settings (web naming, unknown options refused) with
        // this context's contracts.
        public static readonly JsonTypeInfo<RedisConnector.ConfigOptions> RedisOptions =
            (JsonTypeInfo<RedisConnector.ConfigOptions>)new JsonSerializerOptions(ConfigJson.Options) { TypeInfoResolver = Default }
                .GetTypeInfo(typeof(RedisConnector.ConfigOptions));
    }
}

using System.Diagnostics.CodeAnalysis;
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
        TypeInfoResolver = Serialization.Json.RuntimeJsonContext.Default,
    };

    /// <summary>The same settings with reflection-based contracts, for options types without a source-generated one.</summary>
    public static JsonSerializerOptions Reflection
    {
        [RequiresUnreferencedCode(ReflectionMessage)]
        [RequiresDynamicCode(ReflectionMessage)]
        get => s_reflectionOptions ??= new JsonSerializerOptions(Options)
        {
            TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        };
    }

    private const string ReflectionMessage = "Reads and writes connector options through reflection.";

    // Made on first use, so processes that only use source-generated contracts never build it.
    private static JsonSerializerOptions? s_reflectionOptions;
}

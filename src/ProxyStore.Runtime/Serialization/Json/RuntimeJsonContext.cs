using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ProxyStore.Connectors;

namespace ProxyStore.Serialization.Json;

/// <summary>
/// Compile-time JSON contracts of everything with a fixed shape the runtime itself writes and
/// reads (proxy references, connector options, metrics reports, future failures), so none of
/// it needs reflection and all of it survives trimming and NativeAOT.
/// </summary>
/// <remarks>
/// Each of those formats keeps its own <see cref="JsonSerializerOptions"/> (naming, ignore and
/// number rules, converters); those options use this context as their resolver and read their
/// contracts through <see cref="Info{T}"/>.
/// </remarks>
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
[JsonSerializable(typeof(ProxyReference.Wire))]
[JsonSerializable(typeof(FutureFailure))]
[JsonSerializable(typeof(MetricsReport))]
[JsonSerializable(typeof(MetricsReportJson.ReportDto))]
[JsonSerializable(typeof(ConnectorConfig))]
[JsonSerializable(typeof(StoreConfig))]
[JsonSerializable(typeof(StoreKey))]
[JsonSerializable(typeof(LocalConnector.Options), TypeInfoPropertyName = "LocalOptions")]
[JsonSerializable(typeof(FileConnector.Options), TypeInfoPropertyName = "FileOptions")]
[JsonSerializable(typeof(SharedMemoryConnector.Options), TypeInfoPropertyName = "SharedMemoryOptions")]
[JsonSerializable(typeof(PeerConnector.Options), TypeInfoPropertyName = "PeerOptions")]
[JsonSerializable(typeof(MultiConnector.ConfigOptions), TypeInfoPropertyName = "MultiOptions")]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(short))]
[JsonSerializable(typeof(byte))]
[JsonSerializable(typeof(uint))]
[JsonSerializable(typeof(ulong))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(float))]
[JsonSerializable(typeof(decimal))]
[JsonSerializable(typeof(DateTime))]
[JsonSerializable(typeof(DateTimeOffset))]
[JsonSerializable(typeof(TimeSpan))]
[JsonSerializable(typeof(Guid))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class RuntimeJsonContext : JsonSerializerContext
{
    /// <summary>The contract of <typeparamref name="T"/> under <paramref name="options"/>, whose resolver is this context.</summary>
    public static JsonTypeInfo<T> Info<T>(JsonSerializerOptions options) => (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
}

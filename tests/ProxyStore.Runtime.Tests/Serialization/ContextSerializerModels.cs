using System.Text.Json.Serialization;

namespace ProxyStore.Tests.Serialization;

/// <summary>A stored type with a source-generated contract.</summary>
public sealed record SensorReading(string Sensor, double Value, IReadOnlyList<int> Samples);

/// <summary>A stored type the context below has no contract for.</summary>
public sealed record Unlisted(string Name);

/// <summary>Options of a custom connector, written through a source-generated contract.</summary>
public sealed record CustomOptions(string Path, int Retries);

/// <summary>The source-generated contracts of these tests, as a NativeAOT application declares them.</summary>
[JsonSerializable(typeof(SensorReading))]
[JsonSerializable(typeof(CustomOptions))]
internal sealed partial class ContextSerializerJson : JsonSerializerContext;

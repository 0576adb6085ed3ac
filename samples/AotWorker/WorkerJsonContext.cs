using System.Text.Json.Serialization;

namespace AotWorker;

/// <summary>The JSON contracts of every stored type, written by the System.Text.Json source generator.</summary>
[JsonSerializable(typeof(Report))]
internal sealed partial class WorkerJsonContext : JsonSerializerContext;

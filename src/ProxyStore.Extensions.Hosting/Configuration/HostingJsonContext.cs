using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ProxyStore.Extensions.Hosting.Configuration;

/// <summary>Compile-time JSON contract for the connector options hosting writes, so trimmed and NativeAOT hosts need no reflection.</summary>
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class HostingJsonContext : JsonSerializerContext;

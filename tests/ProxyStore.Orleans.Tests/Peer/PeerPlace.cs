namespace ProxyStore.Orleans.Tests.Peer;

/// <summary>Where a grain runs: its silo, its process, and the endpoint its process's peer connector serves at (null before it served anything).</summary>
[GenerateSerializer, Immutable]
public sealed record PeerPlace([property: Id(0)] string Silo, [property: Id(1)] int ProcessId, [property: Id(2)] string? Endpoint);

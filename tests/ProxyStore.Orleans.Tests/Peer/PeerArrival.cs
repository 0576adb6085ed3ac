namespace ProxyStore.Orleans.Tests.Peer;

/// <summary>
/// How an argument arrived in a grain: as an unresolved proxy or not, its key, the SHA-256 and
/// length of what it resolved to, and where the receiving grain ran.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PeerArrival(
    [property: Id(0)] bool WasProxy,
    [property: Id(1)] bool WasResolved,
    [property: Id(2)] string? Key,
    [property: Id(3)] string Sha256,
    [property: Id(4)] int Length,
    [property: Id(5)] PeerPlace Place);

namespace ProxyStore.Orleans.Tests.Peer;

/// <summary>What <see cref="IPeerGrain.Exchange"/> saw: the SHA-256 of what it sent, how it arrived, and the key and SHA-256 of the result it got back.</summary>
[GenerateSerializer, Immutable]
public sealed record PeerExchange(
    [property: Id(0)] string SentSha256,
    [property: Id(1)] PeerArrival Arrival,
    [property: Id(2)] string? ResultKey,
    [property: Id(3)] string ResultSha256,
    [property: Id(4)] PeerPlace Sender);

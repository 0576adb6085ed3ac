namespace ProxyStore.Orleans.Tests.Grains;

/// <summary>How an argument arrived in a grain, reported without resolving it.</summary>
[GenerateSerializer, Immutable]
public sealed record Arrival([property: Id(0)] bool IsProxy, [property: Id(1)] bool IsResolved, [property: Id(2)] string? Key);

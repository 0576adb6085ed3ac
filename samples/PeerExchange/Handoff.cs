using ProxyStore;

namespace PeerExchange;

/// <summary>What the producer tells the consumer on its standard input: how to make the store, and the key to pull.</summary>
/// <param name="Store">The producer's store config: names the secret's environment variable, never the secret.</param>
/// <param name="Key">The key of the producer's array: the producer's endpoint, run and object.</param>
public sealed record Handoff(StoreConfig Store, StoreKey Key);

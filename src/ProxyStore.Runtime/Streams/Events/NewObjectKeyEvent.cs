using System.Text.Json;

namespace ProxyStore.Streams;

/// <summary>
/// A new object that the producer put into a store: the event carries its key and the store's
/// configuration, so a consumer in any process can find or recreate the store and resolve it.
/// </summary>
/// <param name="Topic">The topic the object was sent to.</param>
/// <param name="Key">The object's key in the store.</param>
/// <param name="StoreConfig">The configuration of the store that holds the object.</param>
/// <param name="Evict">Whether consuming the object (or filtering it out) evicts it from the store.</param>
/// <param name="Metadata">The metadata the producer sent with the object.</param>
/// <param name="TraceParent">
/// The W3C id of the producer's <c>stream.send</c> span, if tracing was on; the consumer's
/// resolution span links to it.
/// </param>
public sealed record NewObjectKeyEvent(
    string Topic,
    StoreKey Key,
    StoreConfig StoreConfig,
    bool Evict,
    IReadOnlyDictionary<string, JsonElement> Metadata,
    string? TraceParent = null) : StreamEvent(Topic);

using System.Text.Json;

namespace ProxyStore.Streams;

/// <summary>
/// A new object carried inside the event itself, serialized: what a topic without a store sends.
/// </summary>
/// <param name="Topic">The topic the object was sent to.</param>
/// <param name="Data">The object as its serializer wrote it.</param>
/// <param name="Metadata">The metadata the producer sent with the object.</param>
public sealed record NewObjectEvent(string Topic, byte[] Data, IReadOnlyDictionary<string, JsonElement> Metadata) : StreamEvent(Topic);

using System.Text.Json;

namespace ProxyStore.Streams;

/// <summary>
/// Decides from an object's metadata whether to drop it from the stream. A producer applies
/// its filter before buffering an object, a consumer applies its own to each received event;
/// an object a consumer drops is still evicted when the producer asked for eviction.
/// Implementations are called from one thread at a time per producer or consumer.
/// </summary>
public interface IStreamFilter
{
    /// <summary>Whether to drop the object whose metadata is <paramref name="metadata"/>: <see langword="true"/> drops it.</summary>
    bool Drop(IReadOnlyDictionary<string, JsonElement> metadata);
}

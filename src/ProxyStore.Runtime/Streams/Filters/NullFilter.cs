using System.Text.Json;

namespace ProxyStore.Streams;

/// <summary>A filter that never drops anything: what producers and consumers use when given no filter.</summary>
public sealed class NullFilter : IStreamFilter
{
    /// <summary>The one instance.</summary>
    public static NullFilter Instance { get; } = new();

    /// <inheritdoc />
    public bool Drop(IReadOnlyDictionary<string, JsonElement> metadata) => false;
}

using System.Text.Json;

namespace ProxyStore.Streams;

/// <summary>A filter made of a function: it drops the objects whose metadata the function returns <see langword="true"/> for.</summary>
public sealed class PredicateFilter : IStreamFilter
{
    private readonly Func<IReadOnlyDictionary<string, JsonElement>, bool> _drop;

    /// <summary>Creates the filter.</summary>
    /// <param name="drop">Returns <see langword="true"/> for the metadata of objects to drop.</param>
    public PredicateFilter(Func<IReadOnlyDictionary<string, JsonElement>, bool> drop)
    {
        ArgumentNullException.ThrowIfNull(drop);
        _drop = drop;
    }

    /// <inheritdoc />
    public bool Drop(IReadOnlyDictionary<string, JsonElement> metadata) => _drop(metadata);
}

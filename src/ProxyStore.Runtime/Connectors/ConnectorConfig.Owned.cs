using System.Collections.Concurrent;
using System.Text.Json;

namespace ProxyStore.Connectors;

// Configs normally recreate another process's connector, which must not delete that process's
// storage. Hosting instead makes a store's own connector from configuration, as if the
// application had constructed it; packages register how their kind does that.
public sealed partial record ConnectorConfig
{
    private static readonly ConcurrentDictionary<string, Func<JsonElement, IConnector>> OwnedKinds = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Registers how <paramref name="kind"/> makes a connector that owns its storage (clears it on close when its options say so).</summary>
    internal static void RegisterOwnedKind(string kind, Func<JsonElement, IConnector> factory) => OwnedKinds.TryAdd(kind, factory);

    /// <summary>
    /// Whether <paramref name="kind"/> can be made here, loading its package's assembly when it is
    /// a well-known kind; otherwise <paramref name="problem"/> says what to add.
    /// </summary>
    internal static bool IsKindAvailable(string kind, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem)
    {
        if (TryGetKind(kind, out _))
        {
            problem = null;
            return true;
        }

        problem = new ConnectorConfig(kind, default).UnknownKind().Message;
        return false;
    }

    /// <summary>Makes the connector this configuration describes as its owner, as the application's own constructor call would.</summary>
    /// <exception cref="ArgumentException">The kind is unknown, its package is not referenced, or it has no owned form.</exception>
    internal IConnector CreateOwnedConnector()
    {
        if (string.IsNullOrEmpty(Kind) || !TryGetKind(Kind, out _))
        {
            throw UnknownKind();
        }

        return OwnedKinds.TryGetValue(Kind, out Func<JsonElement, IConnector>? factory)
            ? factory(Options)
            : throw new ArgumentException($"The connector kind '{Kind}' cannot be made from configuration as a store's own connector.", nameof(Kind));
    }
}

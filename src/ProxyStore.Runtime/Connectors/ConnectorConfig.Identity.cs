using System.Collections.Concurrent;

namespace ProxyStore.Connectors;

// Which options of a kind change how its connector behaves but not where its objects are, so
// that two configs differing only in them address the same store (StoreIdentity). Each kind
// declares its own; a kind that declares none has every option compared, the cautious side.
public sealed partial record ConnectorConfig
{
    private static readonly ConcurrentDictionary<string, string[]> NonAddressingFields = new(StringComparer.OrdinalIgnoreCase)
    {
        [FileConnector.KindName] = ["clear", "durable"],
        [SharedMemoryConnector.KindName] = ["clear"],

        // Keys name their owners; every process of a peer store listens and waits its own way.
        [PeerConnector.KindName] = ["host", "advertisedHost", "secretVariable", "ownerWaitSeconds", "tls"],
    };

    /// <summary>Declares the options of <paramref name="kind"/> that do not change where its objects are.</summary>
    internal static void RegisterNonAddressingFields(string kind, params string[] fields) => NonAddressingFields.TryAdd(kind, fields);

    /// <summary>The options of <paramref name="kind"/> that do not change where its objects are: none when the kind declared none.</summary>
    internal static IReadOnlyCollection<string> NonAddressingFieldsOf(string kind)
    {
        // A package's kind declares its fields when its assembly loads.
        if (!NonAddressingFields.ContainsKey(kind))
        {
            _ = TryGetKind(kind, out _);
        }

        return NonAddressingFields.TryGetValue(kind, out string[]? fields) ? fields : [];
    }
}

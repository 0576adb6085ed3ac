using System.Text.Json;
using ProxyStore.Connectors;

namespace ProxyStore;

/// <summary>
/// Whether two connector configs address the same storage. Fields that change how a connector
/// behaves but not where its objects are (clearing, durability, credentials, TLS, timeouts, as
/// each kind declares them) are not compared: a consumer may open the producer's store with its own.
/// </summary>
internal static class StoreIdentity
{
    private const int ShownLength = 120;

    /// <summary>Throws when <paramref name="received"/> addresses other storage than the registered store's <paramref name="registered"/>.</summary>
    /// <exception cref="StoreMismatchException">The first differing field, with both values.</exception>
    public static void Check(string storeName, ConnectorConfig registered, ConnectorConfig received)
    {
        if (ReferenceEquals(registered, received) || registered.Equals(received))
        {
            return;
        }

        if (!string.Equals(registered.Kind, received.Kind, StringComparison.OrdinalIgnoreCase))
        {
            throw new StoreMismatchException(storeName, "connector.kind", Show(registered.Kind), Show(received.Kind));
        }

        if (FirstDifference(registered.Options, received.Options, "connector.options", ConnectorConfig.NonAddressingFieldsOf(registered.Kind)) is { } difference)
        {
            throw new StoreMismatchException(storeName, difference.Path, difference.Registered, difference.Received);
        }
    }

    /// <param name="registered">The registered store's JSON at <paramref name="path"/>.</param>
    /// <param name="received">The received config's JSON at <paramref name="path"/>.</param>
    /// <param name="path">Where in the config, for the message.</param>
    /// <param name="ignored">The fields of this object that do not address storage (the connector kind's own, at its options).</param>
    private static (string Path, string Registered, string Received)? FirstDifference(
        JsonElement registered, JsonElement received, string path, IReadOnlyCollection<string> ignored)
    {
        if (registered.ValueKind == JsonValueKind.Object && received.ValueKind == JsonValueKind.Object)
        {
            // A nested connector config (a multi connector's): its options are judged by its own kind.
            IReadOnlyCollection<string> nested = registered.TryGetProperty("kind", out JsonElement kind) && kind.ValueKind == JsonValueKind.String
                ? ConnectorConfig.NonAddressingFieldsOf(kind.GetString()!)
                : [];
            foreach (string name in Names(registered).Union(Names(received), StringComparer.Ordinal))
            {
                if (ignored.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    continue;
                }

                JsonElement left = registered.TryGetProperty(name, out JsonElement l) ? l : default;
                JsonElement right = received.TryGetProperty(name, out JsonElement r) ? r : default;
                IReadOnlyCollection<string> inner = string.Equals(name, "options", StringComparison.OrdinalIgnoreCase) ? nested : [];
                if (FirstDifference(left, right, path + "." + name, inner) is { } difference)
                {
                    return difference;
                }
            }

            return null;
        }

        if (registered.ValueKind == JsonValueKind.Array && received.ValueKind == JsonValueKind.Array)
        {
            int length = Math.Max(registered.GetArrayLength(), received.GetArrayLength());
            for (int i = 0; i < length; i++)
            {
                JsonElement left = i < registered.GetArrayLength() ? registered[i] : default;
                JsonElement right = i < received.GetArrayLength() ? received[i] : default;
                if (FirstDifference(left, right, $"{path}[{i}]", []) is { } difference)
                {
                    return difference;
                }
            }

            return null;
        }

        bool same = registered.ValueKind == received.ValueKind
            && (registered.ValueKind == JsonValueKind.Undefined || JsonElement.DeepEquals(registered, received));
        return same ? null : (path, Show(registered), Show(received));
    }

    private static IEnumerable<string> Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name);

    private static string Show(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Undefined => "absent",
        JsonValueKind.String => Show(value.GetString()!),
        JsonValueKind.Object or JsonValueKind.Array => "another " + value.ValueKind.ToString().ToLowerInvariant(),
        _ => Show(value.GetRawText()),
    };

    // Received values come from outside: shown short, so a message stays a message.
    private static string Show(string value) => "'" + (value.Length <= ShownLength ? value : value[..ShownLength] + "…") + "'";
}

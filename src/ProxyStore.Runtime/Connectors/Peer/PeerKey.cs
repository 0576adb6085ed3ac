using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ProxyStore.Connectors;

/// <summary>
/// What a peer key's id says: the owner's endpoint, the owner's run (a random id each server
/// starts with, so that a restarted owner never answers for an earlier run's objects), and the
/// object's id in the owner. Written <c>host:port/run/object</c>, an IPv6 host in brackets.
/// </summary>
internal readonly record struct PeerKey(string Host, int Port, string Run, string Object)
{
    public string Endpoint => FormatEndpoint(Host, Port);

    public StoreKey ToStoreKey() => new($"{Endpoint}/{Run}/{Object}");

    public static string FormatEndpoint(string host, int port) =>
        (host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host) + ":" + port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads <paramref name="key"/>'s id.</summary>
    /// <exception cref="ArgumentException">It is not a peer key; the message names it.</exception>
    public static PeerKey Parse(StoreKey key, string connector)
    {
        ArgumentNullException.ThrowIfNull(key);
        return TryParse(key.Id, out PeerKey parsed)
            ? parsed
            : throw new ArgumentException(
                $"The key '{key}' is not a key of {connector}: a peer key is 'host:port/run/object', with run and object of letters, digits, '-' and '_'.",
                nameof(key));
    }

    public static bool TryParse(string id, out PeerKey key)
    {
        key = default;
        int objectSlash = id.LastIndexOf('/');
        if (objectSlash <= 0)
        {
            return false;
        }

        int runSlash = id.LastIndexOf('/', objectSlash - 1);
        if (runSlash <= 0)
        {
            return false;
        }

        string run = id[(runSlash + 1)..objectSlash];
        string obj = id[(objectSlash + 1)..];
        if (!StoreKey.IsPlainId(run) || !StoreKey.IsPlainId(obj) || !TryParseEndpoint(id.AsSpan(0, runSlash), out string? host, out int port))
        {
            return false;
        }

        key = new PeerKey(host, port, run, obj);
        return true;
    }

    // A host is an IP address (IPv6 in brackets) or a DNS name: nothing a key could use to reach
    // anything but a host and port (no scheme, path, user or query).
    private static bool TryParseEndpoint(ReadOnlySpan<char> endpoint, out string host, out int port)
    {
        host = string.Empty;
        port = 0;
        int colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endpoint[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            return false;
        }

        ReadOnlySpan<char> hostPart = endpoint[..colon];
        if (hostPart is ['[', .. var inner, ']'])
        {
            if (!IPAddress.TryParse(inner, out IPAddress? address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            host = inner.ToString();
            return true;
        }

        if (hostPart.Length is 0 or > 253)
        {
            return false;
        }

        foreach (char c in hostPart)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-'))
            {
                return false;
            }
        }

        host = hostPart.ToString();
        return true;
    }
}

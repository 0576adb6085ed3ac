using System.Globalization;

namespace Streaming;

/// <summary>Reads <c>host:port</c>.</summary>
public static class Endpoint
{
    /// <summary>The host and port of <paramref name="endpoint"/>.</summary>
    /// <exception cref="ArgumentException">It is not <c>host:port</c>.</exception>
    public static (string Host, int Port) Parse(string endpoint)
    {
        int colon = endpoint.LastIndexOf(':');
        return colon > 0 && int.TryParse(endpoint.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port)
            ? (endpoint[..colon], port)
            : throw new ArgumentException($"'{endpoint}' is not host:port, such as 127.0.0.1:6379.", nameof(endpoint));
    }
}

namespace ProxyStore.Connectors;

/// <summary>
/// Two processes of a <see cref="PeerConnector"/> store do not share the same secret: the owner
/// refused this process's proof, or the owner could not prove it holds this process's secret
/// (it belongs to another application, or one of the two was given the wrong secret). The
/// secret itself never crosses the network and is never in a message.
/// </summary>
public sealed class PeerAuthenticationException : ProxyStoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was refused; names the endpoint.</param>
    /// <param name="endpoint">The owner's endpoint, <c>host:port</c>.</param>
    public PeerAuthenticationException(string message, string endpoint)
        : base(message)
    {
        ExceptionData.Set(this, nameof(Endpoint), endpoint ?? throw new ArgumentNullException(nameof(endpoint)));
    }

    /// <summary>The owner's endpoint, <c>host:port</c>.</summary>
    public string Endpoint => ExceptionData.GetRequired(this, nameof(Endpoint));
}

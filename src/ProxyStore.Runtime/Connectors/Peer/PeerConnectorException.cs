namespace ProxyStore.Connectors;

/// <summary>
/// A <see cref="PeerConnector"/> could not get what it asked of the process that owns a key: the
/// owner did not answer within <see cref="PeerConnectorOptions.OwnerWait"/> (it has gone away, or
/// never started), the connection broke, or a transfer was cut half-way (nothing is returned:
/// a cut transfer is damage, never a shorter value). The message names the owner's endpoint and
/// the key; the network's exception, if any, is the inner exception.
/// </summary>
public sealed class PeerConnectorException : ProxyStoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong; names the endpoint and the key.</param>
    /// <param name="endpoint">The owner's endpoint, <c>host:port</c>.</param>
    /// <param name="key">The key asked for, if the failure concerns one.</param>
    /// <param name="innerException">The network's exception, if any.</param>
    public PeerConnectorException(string message, string endpoint, string? key = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ExceptionData.Set(this, nameof(Endpoint), endpoint ?? throw new ArgumentNullException(nameof(endpoint)));
        ExceptionData.Set(this, nameof(Key), key);
    }

    /// <summary>The owner's endpoint, <c>host:port</c>.</summary>
    public string Endpoint => ExceptionData.GetRequired(this, nameof(Endpoint));

    /// <summary>The key asked for, or <see langword="null"/> when the failure concerns no one key.</summary>
    public string? Key => ExceptionData.Get<string>(this, nameof(Key));
}

namespace ProxyStore.Connectors;

/// <summary>
/// A <see cref="MultiConnector"/> cannot serve a request: no policy accepts an object, or a key
/// names a connector that is dormant on this host or that the multi connector does not have.
/// The message says which connector, key, object size or tags.
/// </summary>
public sealed class MultiConnectorException : ProxyStoreException
{
    /// <summary>Creates the exception.</summary>
    public MultiConnectorException(string message, string? connectorName = null)
        : base(message)
    {
        ExceptionData.Set(this, nameof(ConnectorName), connectorName);
    }

    /// <summary>The connector the failed request named, if it named one.</summary>
    public string? ConnectorName => ExceptionData.Get<string>(this, nameof(ConnectorName));
}

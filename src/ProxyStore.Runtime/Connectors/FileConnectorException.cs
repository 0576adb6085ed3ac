namespace ProxyStore.Connectors;

/// <summary>
/// A <see cref="FileConnector"/> cannot use its store directory: it cannot be created (a part of
/// its path is a file, or access is denied) or listed. The message names the directory and what
/// is in the way; the file system's exception is the inner exception.
/// </summary>
public sealed class FileConnectorException : ProxyStoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong; names the directory.</param>
    /// <param name="storeDirectory">The connector's store directory.</param>
    /// <param name="innerException">The file system's exception, if any.</param>
    public FileConnectorException(string message, string storeDirectory, Exception? innerException = null)
        : base(message, innerException)
    {
        ExceptionData.Set(this, nameof(StoreDirectory), storeDirectory ?? throw new ArgumentNullException(nameof(storeDirectory)));
    }

    /// <summary>The absolute store directory of the connector.</summary>
    public string StoreDirectory => ExceptionData.GetRequired(this, nameof(StoreDirectory));
}

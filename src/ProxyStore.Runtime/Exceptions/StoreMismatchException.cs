namespace ProxyStore;

/// <summary>
/// A config (usually inside a received reference) names a store that is registered in this
/// process with different storage: another directory, server, prefix or connector kind. It is
/// refused rather than resolved against the registered store's storage or registered in its
/// place, so one name always means one store.
/// </summary>
public sealed class StoreMismatchException : ProxyStoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="storeName">The store's name.</param>
    /// <param name="field">The first field of the connector config that differs, as a path such as <c>connector.options.storeDirectory</c>.</param>
    /// <param name="registered">That field's value in the registered store's config.</param>
    /// <param name="received">That field's value in the config that was refused.</param>
    public StoreMismatchException(string storeName, string field, string registered, string received)
        : base($"The store '{storeName}' is registered in this process with other storage than the config names: " +
            $"{field} is {registered} in the registered store and {received} in the config. It was refused, not resolved " +
            "against the registered store's storage nor registered in its place. A reference that names it was forged, or " +
            "two stores share a name: give each store a name of its own.")
    {
        ArgumentNullException.ThrowIfNull(storeName);
        ArgumentNullException.ThrowIfNull(field);
        ExceptionData.Set(this, nameof(StoreName), storeName);
        ExceptionData.Set(this, nameof(Field), field);
    }

    /// <summary>The store's name.</summary>
    public string StoreName => ExceptionData.GetRequired(this, nameof(StoreName));

    /// <summary>The first differing field of the connector config, as a path.</summary>
    public string Field => ExceptionData.GetRequired(this, nameof(Field));
}

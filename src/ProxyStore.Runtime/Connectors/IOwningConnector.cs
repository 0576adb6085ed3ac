namespace ProxyStore.Connectors;

/// <summary>
/// A connector that keeps the array it is given instead of a copy (issue 19). Through
/// <see cref="IConnector"/> a put copies what it is given, since the caller may reuse its buffer;
/// the store never touches the bytes it serialized again, so it can hand them over.
/// </summary>
/// <remarks>
/// LocalConnector implements it. Connectors that write the bytes elsewhere (files, Redis) keep
/// nothing, and the store serializes large byte arrays for them into a pooled buffer instead.
/// </remarks>
internal interface IOwningConnector
{
    /// <summary>Stores <paramref name="frame"/>, which the store hands over and never writes to again.</summary>
    StoreKey PutOwned(byte[] frame);
}

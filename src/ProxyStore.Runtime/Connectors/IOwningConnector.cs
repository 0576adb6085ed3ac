namespace ProxyStore.Connectors;

/// <summary>
/// A connector that keeps the array it is given instead of a copy. Through
/// <see cref="IConnector"/> a put copies what it is given, since the caller may reuse its buffer;
/// the store never touches the frame it sealed again, so it can hand it over.
/// </summary>
/// <remarks>
/// LocalConnector implements it. Connectors that write the bytes elsewhere (files, Redis) keep
/// nothing: files write the parts of a frame as they are, Redis is framed in a pooled buffer.
/// </remarks>
internal interface IOwningConnector : IKeyedPutConnector
{
    /// <summary>Stores <paramref name="frame"/>, which the store hands over and never writes to again, under <paramref name="key"/>, a key from <see cref="IKeyedPutConnector.NewPutKey"/>.</summary>
    void PutOwnedAt(StoreKey key, byte[] frame);
}

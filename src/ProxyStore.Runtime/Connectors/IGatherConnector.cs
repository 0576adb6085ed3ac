namespace ProxyStore.Connectors;

/// <summary>
/// A connector that writes a put's frame from several parts: the store's head (the frame's header
/// and the serializer's first bytes) and the caller's own arrays, so that large arrays go out
/// without being copied into a frame first. No part is kept after the call returns.
/// </summary>
/// <remarks>
/// FileConnector and SharedMemoryConnector implement it with one gathering write. The checksum in
/// the head is taken from the caller's arrays before they are written: an array the caller
/// changes during its own put is stored with a checksum that no longer matches, and its get
/// refuses it as damaged.
/// </remarks>
internal interface IGatherConnector : IKeyedPutConnector
{
    /// <summary>Stores the concatenation of <paramref name="parts"/> as one object under <paramref name="key"/>, a key from <see cref="IKeyedPutConnector.NewPutKey"/>.</summary>
    void PutPartsAt(StoreKey key, IReadOnlyList<ReadOnlyMemory<byte>> parts);

    /// <summary>Asynchronous <see cref="PutPartsAt"/>.</summary>
    ValueTask PutPartsAtAsync(StoreKey key, IReadOnlyList<ReadOnlyMemory<byte>> parts, CancellationToken cancellationToken);
}

namespace ProxyStore.Connectors;

/// <summary>
/// A connector that writes a put's frame from two parts (issue 19): the store's head (the frame's
/// header and the serializer's tag) and the caller's own bytes, so that a large byte array goes
/// out without being framed in a buffer first. Neither part is kept after the call returns.
/// </summary>
/// <remarks>
/// FileConnector implements it with one gathering write. The checksum in the head is taken from
/// the caller's bytes before they are written: an array the caller changes during its own put is
/// stored with a checksum that no longer matches, and its get refuses it as damaged.
/// </remarks>
internal interface IGatherConnector
{
    /// <summary>Stores <paramref name="head"/> followed by <paramref name="body"/> as one object, under a new key.</summary>
    StoreKey PutParts(ReadOnlyMemory<byte> head, ReadOnlyMemory<byte> body);

    /// <summary>Asynchronous <see cref="PutParts"/>.</summary>
    ValueTask<StoreKey> PutPartsAsync(ReadOnlyMemory<byte> head, ReadOnlyMemory<byte> body, CancellationToken cancellationToken);
}

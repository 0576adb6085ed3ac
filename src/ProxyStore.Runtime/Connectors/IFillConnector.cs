namespace ProxyStore.Connectors;

/// <summary>Writes a frame into <paramref name="destination"/>, memory of exactly the frame's length.</summary>
internal delegate void FrameFiller(Span<byte> destination);

/// <summary>
/// A connector whose medium is memory the store can write a frame into directly: the store copies
/// the caller's arrays into it once, checksumming each piece as it copies it, instead of
/// checksumming them in one pass and the connector copying them in another.
/// </summary>
/// <remarks>SharedMemoryConnector implements it with a writable mapping of the new segment.</remarks>
internal interface IFillConnector : IKeyedPutConnector
{
    /// <summary>
    /// Stores a frame of <paramref name="length"/> bytes under <paramref name="key"/> (a key from
    /// <see cref="IKeyedPutConnector.NewPutKey"/>), which <paramref name="fill"/> writes into the
    /// medium's memory; the object is published only once it is complete.
    /// </summary>
    void PutFilled(StoreKey key, int length, FrameFiller fill);
}

namespace ProxyStore.Connectors;

/// <summary>
/// A connector whose puts the store can give a key of the store's choosing, made the way the
/// connector makes its own: the store seals the frame with the key first, so that a frame copied
/// or moved under another key is refused as damage when it is read.
/// </summary>
/// <remarks>
/// Unlike <see cref="IDeferrableConnector.Set"/>, a put under a new key needs no check that the
/// key is free (its id is 128 random bits) and wakes no waiters: it costs what a plain put costs.
/// </remarks>
internal interface IKeyedPutConnector
{
    /// <summary>
    /// A new key for an object of <paramref name="size"/> bytes, or <see langword="null"/> when
    /// this put cannot be made under a key chosen first (a <see cref="MultiConnector"/> routing it
    /// to a connector that chooses its own); the store then puts it through <see cref="IConnector.Put"/>.
    /// </summary>
    StoreKey? NewPutKey(long size);

    /// <summary>Stores <paramref name="frame"/> under <paramref name="key"/>, a key from <see cref="NewPutKey"/>.</summary>
    void PutAt(StoreKey key, ReadOnlyMemory<byte> frame);

    /// <summary>Asynchronous <see cref="PutAt"/>.</summary>
    ValueTask PutAtAsync(StoreKey key, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken);

    /// <summary>
    /// Stores each of <paramref name="frames"/> under the key at the same index, all or nothing:
    /// when one fails, those already written are evicted. Connectors with native batches (Redis,
    /// in one round trip) override it.
    /// </summary>
    void PutBatchAt(IReadOnlyList<StoreKey> keys, IReadOnlyList<ReadOnlyMemory<byte>> frames)
    {
        int written = 0;
        try
        {
            for (; written < keys.Count; written++)
            {
                PutAt(keys[written], frames[written]);
            }
        }
        catch (Exception failure)
        {
            KeyedBatch.RollBack((IConnector)this, keys, written, failure);
            throw;
        }
    }

    /// <summary>Asynchronous <see cref="PutBatchAt"/>.</summary>
    async ValueTask PutBatchAtAsync(IReadOnlyList<StoreKey> keys, IReadOnlyList<ReadOnlyMemory<byte>> frames, CancellationToken cancellationToken)
    {
        int written = 0;
        try
        {
            for (; written < keys.Count; written++)
            {
                await PutAtAsync(keys[written], frames[written], cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception failure)
        {
            KeyedBatch.RollBack((IConnector)this, keys, written, failure);
            throw;
        }
    }
}

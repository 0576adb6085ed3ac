namespace ProxyStore.Connectors;

public sealed partial class MultiConnector
{
    /// <summary>Stores <paramref name="data"/> in the connector its size and the ambient tags (<see cref="WithTags"/>) route it to.</summary>
    /// <exception cref="MultiConnectorException">No policy accepts the object.</exception>
    public StoreKey Put(ReadOnlyMemory<byte> data) => Put(data, null, null);

    /// <summary>Stores <paramref name="data"/> in the connector its size and these tags route it to.</summary>
    /// <param name="data">The serialized object.</param>
    /// <param name="subsetTags">Tags that must all be among a policy's subset tags; the ambient ones when null.</param>
    /// <param name="supersetTags">Tags that must include all of a policy's superset tags; the ambient ones when null.</param>
    /// <exception cref="MultiConnectorException">No policy accepts the object.</exception>
    public StoreKey Put(ReadOnlyMemory<byte> data, IEnumerable<string>? subsetTags, IEnumerable<string>? supersetTags = null)
    {
        ThrowIfClosed();
        Slot slot = RouteWithTags(data.Length, subsetTags, supersetTags);
        return Remember(slot, slot.Connector!.Put(data));
    }

    /// <inheritdoc />
    public ValueTask<StoreKey> PutAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
        PutAsync(data, null, null, cancellationToken);

    /// <summary>Asynchronous <see cref="Put(ReadOnlyMemory{byte}, IEnumerable{string}?, IEnumerable{string}?)"/>.</summary>
    public async ValueTask<StoreKey> PutAsync(ReadOnlyMemory<byte> data, IEnumerable<string>? subsetTags, IEnumerable<string>? supersetTags = null, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        Slot slot = RouteWithTags(data.Length, subsetTags, supersetTags);
        return Remember(slot, await slot.Connector!.PutAsync(data, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public IReadOnlyList<StoreKey> PutBatch(IReadOnlyList<ReadOnlyMemory<byte>> data) => PutBatch(data, null, null);

    /// <summary>
    /// Routes each item on its own and stores the items of each connector in one batch of that
    /// connector. All or nothing: when a connector fails, what the others stored is evicted.
    /// </summary>
    /// <exception cref="MultiConnectorException">No policy accepts one of the items; nothing was stored.</exception>
    public IReadOnlyList<StoreKey> PutBatch(IReadOnlyList<ReadOnlyMemory<byte>> data, IEnumerable<string>? subsetTags, IEnumerable<string>? supersetTags = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ThrowIfClosed();
        var keys = new StoreKey[data.Count];
        var written = new List<StoreKey>();
        try
        {
            foreach ((Slot slot, int[] indexes) in GroupBatch(data, subsetTags, supersetTags))
            {
                IReadOnlyList<StoreKey> inner = slot.Connector!.PutBatch([.. indexes.Select(i => data[i])]);
                Place(slot, indexes, inner, keys, written);
            }
        }
        catch (Exception e)
        {
            RollBack(written, e);
            throw;
        }

        return keys;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<StoreKey>> PutBatchAsync(IReadOnlyList<ReadOnlyMemory<byte>> data, CancellationToken cancellationToken = default) =>
        PutBatchAsync(data, null, null, cancellationToken);

    /// <summary>Asynchronous <see cref="PutBatch(IReadOnlyList{ReadOnlyMemory{byte}}, IEnumerable{string}?, IEnumerable{string}?)"/>.</summary>
    public async ValueTask<IReadOnlyList<StoreKey>> PutBatchAsync(
        IReadOnlyList<ReadOnlyMemory<byte>> data, IEnumerable<string>? subsetTags, IEnumerable<string>? supersetTags = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ThrowIfClosed();
        var keys = new StoreKey[data.Count];
        var written = new List<StoreKey>();
        try
        {
            foreach ((Slot slot, int[] indexes) in GroupBatch(data, subsetTags, supersetTags))
            {
                IReadOnlyList<StoreKey> inner = await slot.Connector!.PutBatchAsync([.. indexes.Select(i => data[i])], cancellationToken).ConfigureAwait(false);
                Place(slot, indexes, inner, keys, written);
            }
        }
        catch (Exception e)
        {
            RollBack(written, e);
            throw;
        }

        return keys;
    }
}

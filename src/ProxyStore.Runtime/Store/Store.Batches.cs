using System.Diagnostics;
using ProxyStore.Connectors;
using ProxyStore.Serialization;

namespace ProxyStore;

// Batches: every object serialized before anything is written, then stored under keys the store
// chose (each frame bound to its key) where the connector lets it, all or nothing.
public sealed partial class Store
{
    /// <summary>Serializes and stores every object of <paramref name="objs"/> in one connector batch.</summary>
    /// <returns>The keys, in the order of <paramref name="objs"/>. Metrics are recorded under this list as one batch.</returns>
    /// <param name="objs">The objects.</param>
    /// <param name="lifetime">A lifetime that takes the keys after the put, evicting the objects when it closes.</param>
    /// <exception cref="StoreSerializationException">An object cannot be serialized; nothing was stored.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="lifetime"/> is closed; nothing was stored.</exception>
    /// <exception cref="ArgumentException"><paramref name="lifetime"/> is bound to another store; nothing was stored.</exception>
    public IReadOnlyList<StoreKey> PutBatch<T>(IEnumerable<T> objs, ILifetime? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(objs);
        ThrowIfDisposed();
        CheckLifetime(lifetime);
        using Activity? activity = StoreTelemetry.StartActivity(MetricNames.PutBatch, Name);
        long start = Now();
        FrameParts[] parts = SerializeBatch(objs);
        long serialized = Now();
        IReadOnlyList<StoreKey> keys;
        try
        {
            keys = KeysFor(parts) is { } chosen ? PutBatchAt(chosen, parts) : Connector.PutBatch(Unbound(parts));
        }
        catch (Exception e) when (ConnectorFailed(MetricNames.PutBatch, key: null, e))
        {
            throw;
        }

        RecordPutBatch(keys, parts, start, serialized, Now());
        AttachToLifetime(lifetime, keys);
        return keys;
    }

    /// <summary>Asynchronous <see cref="PutBatch{T}"/>.</summary>
    public async ValueTask<IReadOnlyList<StoreKey>> PutBatchAsync<T>(IEnumerable<T> objs, ILifetime? lifetime = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objs);
        ThrowIfDisposed();
        CheckLifetime(lifetime);
        using Activity? activity = StoreTelemetry.StartActivity(MetricNames.PutBatch, Name);
        long start = Now();
        FrameParts[] parts = SerializeBatch(objs);
        long serialized = Now();
        IReadOnlyList<StoreKey> keys;
        try
        {
            keys = KeysFor(parts) is { } chosen
                ? await PutBatchAtAsync(chosen, parts, cancellationToken).ConfigureAwait(false)
                : await Connector.PutBatchAsync(Unbound(parts), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (ConnectorFailed(MetricNames.PutBatch, key: null, e))
        {
            throw;
        }

        RecordPutBatch(keys, parts, start, serialized, Now());
        AttachToLifetime(lifetime, keys);
        return keys;
    }

    private FrameParts[] SerializeBatch<T>(IEnumerable<T> objs)
    {
        // Everything is serialized before anything is written, so a batch with one bad
        // object leaves nothing behind: no object stored, no owned or borrowed reference sent.
        var parts = new List<FrameParts>();
        int mark = ReferenceTransfer.Enter();
        bool completed = false;
        try
        {
            foreach (T obj in objs)
            {
                parts.Add(SerializeParts(obj, MetricNames.PutBatch));
            }

            completed = true;
        }
        finally
        {
            ReferenceTransfer.Leave(mark, completed);
        }

        return [.. parts];
    }

    /// <summary>A key of the store's choosing for each object, or <see langword="null"/> when the connector chooses its own for any of them.</summary>
    private StoreKey[]? KeysFor(FrameParts[] parts)
    {
        if (Connector is not IKeyedPutConnector keyed)
        {
            return null;
        }

        var keys = new StoreKey[parts.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            if (keyed.NewPutKey(parts[i].Length) is not { } key)
            {
                return null;
            }

            keys[i] = key;
        }

        return keys;
    }

    /// <summary>
    /// Stores a batch under its keys: object by object through a connector that writes from the
    /// caller's arrays or keeps the frame (as a single put does), else in the connector's own
    /// batch of sealed frames (Redis, one round trip). All or nothing.
    /// </summary>
    private StoreKey[] PutBatchAt(StoreKey[] keys, FrameParts[] parts)
    {
        if (Connector is IOwningConnector or IStreamedPutConnector or IGatherConnector)
        {
            int written = 0;
            try
            {
                for (; written < keys.Length; written++)
                {
                    PutParts(keys[written], parts[written]);
                }
            }
            catch (Exception failure)
            {
                KeyedBatch.RollBack(Connector, keys, written, failure);
                throw;
            }

            return keys;
        }

        ((IKeyedPutConnector)Connector).PutBatchAt(keys, Sealed(keys, parts));
        return keys;
    }

    /// <summary>Asynchronous <see cref="PutBatchAt"/>.</summary>
    private async ValueTask<StoreKey[]> PutBatchAtAsync(StoreKey[] keys, FrameParts[] parts, CancellationToken cancellationToken)
    {
        if (Connector is IOwningConnector or IStreamedPutConnector or IGatherConnector)
        {
            int written = 0;
            try
            {
                for (; written < keys.Length; written++)
                {
                    await PutPartsAsync(keys[written], parts[written], cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception failure)
            {
                KeyedBatch.RollBack(Connector, keys, written, failure);
                throw;
            }

            return keys;
        }

        await ((IKeyedPutConnector)Connector).PutBatchAtAsync(keys, Sealed(keys, parts), cancellationToken).ConfigureAwait(false);
        return keys;
    }

    private static ReadOnlyMemory<byte>[] Sealed(StoreKey[] keys, FrameParts[] parts)
    {
        var frames = new ReadOnlyMemory<byte>[parts.Length];
        for (int i = 0; i < frames.Length; i++)
        {
            frames[i] = parts[i].ToSealedArray(keys[i]);
        }

        return frames;
    }

    private static ReadOnlyMemory<byte>[] Unbound(FrameParts[] parts)
    {
        var frames = new ReadOnlyMemory<byte>[parts.Length];
        for (int i = 0; i < frames.Length; i++)
        {
            frames[i] = parts[i].ToSealedArray(key: null);
        }

        return frames;
    }

    private void RecordPutBatch(IReadOnlyList<StoreKey> keys, FrameParts[] parts, long start, long serialized, long end)
    {
        long sizes = 0;
        foreach (FrameParts item in parts)
        {
            sizes += item.Length;
        }

        OperationRecorder record = Recorder(MetricsKey.ForBatch(keys));
        record.Size(SizeMetric.PutBatchObjectSizes, sizes);
        record.Time(TimeMetric.PutBatchSerialize, start, serialized);
        record.Time(TimeMetric.PutBatchConnector, serialized, end);
        record.Time(TimeMetric.PutBatch, start, end);
        LogBatch(keys, sizes, start, end);
    }
}

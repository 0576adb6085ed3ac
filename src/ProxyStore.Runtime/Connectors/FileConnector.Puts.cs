using Microsoft.Win32.SafeHandles;

namespace ProxyStore.Connectors;

public sealed partial class FileConnector
{
    /// <inheritdoc />
    /// <exception cref="IOException">The object could not be written, or <see cref="StoreDirectory"/> does not exist.</exception>
    public StoreKey Put(ReadOnlyMemory<byte> data)
    {
        var key = new StoreKey(StoreKey.NewId());
        ((IGatherConnector)this).PutPartsAt(key, [data]);
        return key;
    }

    /// <inheritdoc />
    /// <exception cref="IOException">The object could not be written, or <see cref="StoreDirectory"/> does not exist.</exception>
    public async ValueTask<StoreKey> PutAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        var key = new StoreKey(StoreKey.NewId());
        await ((IGatherConnector)this).PutPartsAtAsync(key, [data], cancellationToken).ConfigureAwait(false);
        return key;
    }

    StoreKey? IKeyedPutConnector.NewPutKey(long size) => NewKey();

    void IKeyedPutConnector.PutAt(StoreKey key, ReadOnlyMemory<byte> frame) => ((IGatherConnector)this).PutPartsAt(key, [frame]);

    ValueTask IKeyedPutConnector.PutAtAsync(StoreKey key, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken) =>
        ((IGatherConnector)this).PutPartsAtAsync(key, [frame], cancellationToken);

    void IGatherConnector.PutPartsAt(StoreKey key, IReadOnlyList<ReadOnlyMemory<byte>> parts)
    {
        CheckPythonValue(parts);
        PutWritten(key, LengthOf(parts), handle => WriteParts(handle, parts));
    }

    void IStreamedPutConnector.PutStreamed(StoreKey key, long length, Action<FrameSink> write) =>
        PutWritten(key, length, handle => write((bytes, offset) => RandomAccess.Write(handle, bytes, offset)));

    bool IStreamedPutConnector.StreamsWhenAsync => false;

    private void PutWritten(StoreKey key, long length, Action<SafeFileHandle> write)
    {
        string path = PathOf(key);
        ThrowIfClosed();
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                // A failed put leaves nothing behind: no temporary file, no object nobody has the key of.
                WriteAndPublish(key, attempt == 1 ? TempPathFor(key) : SetTempPathFor(key), path, length, write, setOnce: false);
                return;
            }
            catch (TemporaryFileLostException) when (attempt < PutAttempts)
            {
                // Nothing was published; the next attempt uses a new temporary file.
            }
        }
    }

    async ValueTask IGatherConnector.PutPartsAtAsync(StoreKey key, IReadOnlyList<ReadOnlyMemory<byte>> parts, CancellationToken cancellationToken)
    {
        CheckPythonValue(parts);
        string path = PathOf(key);
        ThrowIfClosed();
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await WriteAndPublishAsync(key, attempt == 1 ? TempPathFor(key) : SetTempPathFor(key), path, parts, setOnce: false, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (TemporaryFileLostException) when (attempt < PutAttempts)
            {
                // Nothing was published; the next attempt uses a new temporary file.
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<StoreKey>> PutBatchAsync(IReadOnlyList<ReadOnlyMemory<byte>> data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var keys = new List<StoreKey>(data.Count);
        try
        {
            foreach (ReadOnlyMemory<byte> item in data)
            {
                keys.Add(await PutAsync(item, cancellationToken).ConfigureAwait(false));
            }
        }
        catch
        {
            // All or nothing, as for a synchronous batch.
            foreach (StoreKey key in keys)
            {
                StoreObjectFiles.TryDelete(PathOf(key));
            }

            throw;
        }

        return keys;
    }
}

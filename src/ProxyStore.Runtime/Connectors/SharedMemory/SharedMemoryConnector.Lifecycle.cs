using System.Text.Json;

namespace ProxyStore.Connectors;

public sealed partial class SharedMemoryConnector
{
    /// <inheritdoc />
    public ConnectorConfig GetConfig() => ConnectorConfig.OfBuiltIn(KindName, new Options(Name, Clear, Root));

    /// <summary>Closes the connector; the owner deletes its objects when <see cref="Clear"/> is set.</summary>
    public void Close() => Close(Clear && _ownsSegments);

    /// <summary>
    /// Closes the connector; with <paramref name="clear"/> (on the owner only) it deletes the
    /// store objects in its directory (checked by their first bytes: nothing else is deleted),
    /// its leftovers, and the directory once nothing else is in it.
    /// </summary>
    /// <param name="clear">Whether to delete the objects.</param>
    public void Close(bool clear)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        foreach (string segment in _pool?.Drain() ?? [])
        {
            StoreObjectFiles.TryDelete(segment);
        }

        if (!clear || !_ownsSegments)
        {
            return;
        }

        StoreObjectFiles.ClearDirectory(SegmentDirectory, EnumerateFiles(), TempPrefix, FreePrefix);
    }

    /// <inheritdoc />
    public override string ToString() => $"SharedMemoryConnector({Name} in {SegmentDirectory})";

    internal static IConnector FromOptions(JsonElement options)
    {
        Options read = ConnectorConfig.ReadOptions<Options>(KindName, options);
        return new SharedMemoryConnector(read.Name, read.Clear, read.Root, pooledSegmentBytes: 0, owns: false);
    }
}

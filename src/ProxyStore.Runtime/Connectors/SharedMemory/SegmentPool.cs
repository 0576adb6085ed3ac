namespace ProxyStore.Connectors;

/// <summary>
/// The evicted segments a <see cref="SharedMemoryConnector"/> keeps to write its next objects
/// into: their memory is already the file system's, so a put into one costs a copy and no page
/// allocation. Bounded in count and bytes; what does not fit is deleted.
/// </summary>
/// <remarks>Thread-safe. Only the connector that owns the directory pools segments.</remarks>
internal sealed class SegmentPool(int maxSegments, long maxBytes)
{
    private readonly List<(string Path, long Size)> _free = [];
    private long _bytes;

    /// <summary>The bytes the pooled segments hold.</summary>
    public long Bytes
    {
        get
        {
            lock (_free)
            {
                return _bytes;
            }
        }
    }

    /// <summary>Keeps the segment at <paramref name="path"/> of <paramref name="size"/> bytes; <see langword="false"/> when the pool is full and the caller should delete it.</summary>
    public bool TryAdd(string path, long size)
    {
        lock (_free)
        {
            if (_free.Count >= maxSegments || _bytes + size > maxBytes)
            {
                return false;
            }

            _free.Add((path, size));
            _bytes += size;
            return true;
        }
    }

    /// <summary>
    /// Takes a segment close to <paramref name="size"/> bytes (at least half and at most twice it,
    /// the closest first), or <see langword="null"/>: a much larger one would hold memory the object
    /// does not use until it is cut down, a much smaller one would be grown almost entirely anew.
    /// </summary>
    public string? TryTake(long size)
    {
        lock (_free)
        {
            int best = -1;
            for (int i = 0; i < _free.Count; i++)
            {
                long candidate = _free[i].Size;
                if (candidate >= size / 2 && candidate <= 2 * size
                    && (best < 0 || Math.Abs(candidate - size) < Math.Abs(_free[best].Size - size)))
                {
                    best = i;
                }
            }

            if (best < 0)
            {
                return null;
            }

            (string path, long taken) = _free[best];
            _free.RemoveAt(best);
            _bytes -= taken;
            return path;
        }
    }

    /// <summary>Empties the pool, returning the segments' paths for the caller to delete.</summary>
    public string[] Drain()
    {
        lock (_free)
        {
            string[] paths = [.. _free.Select(f => f.Path)];
            _free.Clear();
            _bytes = 0;
            return paths;
        }
    }
}

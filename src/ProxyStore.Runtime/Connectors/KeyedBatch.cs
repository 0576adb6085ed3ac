namespace ProxyStore.Connectors;

/// <summary>Taking back what a batch wrote before one of its objects failed, as <see cref="IConnector.PutBatch"/> does.</summary>
internal static class KeyedBatch
{
    /// <summary>
    /// Evicts the first <paramref name="written"/> of <paramref name="keys"/>; when some cannot be
    /// evicted, throws an <see cref="AggregateException"/> with <paramref name="failure"/> and why.
    /// </summary>
    public static void RollBack(IConnector connector, IReadOnlyList<StoreKey> keys, int written, Exception failure)
    {
        var rollbackFailures = new List<Exception>();
        for (int i = 0; i < written; i++)
        {
            try
            {
                connector.Evict(keys[i]);
            }
            catch (Exception e)
            {
                rollbackFailures.Add(e);
            }
        }

        if (rollbackFailures.Count > 0)
        {
            throw new AggregateException(
                $"A batch put failed after {written} of {keys.Count} objects were written, and {rollbackFailures.Count} of them could not be removed again.",
                [failure, .. rollbackFailures]);
        }
    }
}

namespace ProxyStore.Connectors;

public sealed partial class MultiConnector
{
    private Slot RouteWithTags(long? size, IEnumerable<string>? subsetTags, IEnumerable<string>? supersetTags, bool deferrableOnly = false)
    {
        TagScope? ambient = AmbientTags.Value;
        string[] subset = subsetTags?.ToArray() ?? ambient?.SubsetTags ?? [];
        string[] superset = supersetTags?.ToArray() ?? ambient?.SupersetTags ?? [];
        return RouteSlot(size, subset, superset, deferrableOnly);
    }

    private Slot RouteSlot(long? size, string[] subsetTags, string[] supersetTags, bool deferrableOnly = false)
    {
        foreach (Slot slot in _byPriority)
        {
            if ((!deferrableOnly || slot.Connector is IDeferrableConnector) && slot.Policy.IsValid(size, subsetTags, supersetTags, Hostname))
            {
                return slot;
            }
        }

        string what = size is long known ? $"an object of {known} bytes" : "an object of unknown size";
        throw new MultiConnectorException(
            $"No connector policy accepts {what}{(deferrableOnly ? " on a deferrable connector (one that can set a key later)" : string.Empty)} with subset tags [{string.Join(", ", subsetTags)}] " +
            $"and superset tags [{string.Join(", ", supersetTags)}] on host '{Hostname}'. " +
            $"Policies: {string.Join("; ", _slots.Select(s => $"{s.Name}{(s.Connector is null ? " (dormant)" : string.Empty)}: {s.Policy}"))}.");
    }

    private List<(Slot Slot, int[] Indexes)> GroupBatch(IReadOnlyList<ReadOnlyMemory<byte>> data, IEnumerable<string>? subsetTags, IEnumerable<string>? supersetTags)
    {
        // Route everything first, so an item no policy accepts stops the batch before any write.
        TagScope? ambient = AmbientTags.Value;
        string[] subset = subsetTags?.ToArray() ?? ambient?.SubsetTags ?? [];
        string[] superset = supersetTags?.ToArray() ?? ambient?.SupersetTags ?? [];
        var groups = new Dictionary<Slot, List<int>>();
        var order = new List<Slot>();
        for (int i = 0; i < data.Count; i++)
        {
            Slot slot = RouteSlot(data[i].Length, subset, superset);
            if (!groups.TryGetValue(slot, out List<int>? indexes))
            {
                groups[slot] = indexes = [];
                order.Add(slot);
            }

            indexes.Add(i);
        }

        return [.. order.Select(s => (s, groups[s].ToArray()))];
    }

    private static void Place(Slot slot, int[] indexes, IReadOnlyList<StoreKey> inner, StoreKey[] keys, List<StoreKey> written)
    {
        for (int j = 0; j < indexes.Length; j++)
        {
            StoreKey key = Remember(slot, inner[j]);
            keys[indexes[j]] = key;
            written.Add(key);
        }
    }

    private void RollBack(List<StoreKey> written, Exception cause)
    {
        var errors = new List<Exception>();
        foreach (StoreKey key in written)
        {
            try
            {
                Evict(key);
            }
            catch (Exception e)
            {
                errors.Add(e);
            }
        }

        if (errors.Count > 0)
        {
            throw new AggregateException("A MultiConnector batch failed, and taking back what it had stored failed too.", [cause, .. errors]);
        }
    }

    private List<(IConnector Connector, int[] Indexes, StoreKey[] Inner)> GroupKeys(IReadOnlyList<StoreKey> keys)
    {
        var groups = new Dictionary<IConnector, (List<int> Indexes, List<StoreKey> Inner)>(ReferenceEqualityComparer.Instance);
        var order = new List<IConnector>();
        for (int i = 0; i < keys.Count; i++)
        {
            (IConnector connector, StoreKey inner) = Resolve(keys[i]);
            if (!groups.TryGetValue(connector, out var group))
            {
                groups[connector] = group = ([], []);
                order.Add(connector);
            }

            group.Indexes.Add(i);
            group.Inner.Add(inner);
        }

        return [.. order.Select(c => (c, groups[c].Indexes.ToArray(), groups[c].Inner.ToArray()))];
    }

    private static void Scatter(IReadOnlyList<byte[]?> got, int[] indexes, byte[]?[] values)
    {
        for (int j = 0; j < indexes.Length; j++)
        {
            values[indexes[j]] = got[j];
        }
    }

    private static StoreKey Remember(Slot slot, StoreKey inner)
    {
        if (inner.Connector is not null)
        {
            throw new InvalidOperationException(
                $"The connector '{slot.Name}' returned the key '{inner}', which already names a connector; a MultiConnector cannot route it.");
        }

        return new StoreKey(inner.Id, slot.Name);
    }

    private (IConnector Connector, StoreKey Inner) Resolve(StoreKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfClosed();
        if (key.Connector is null)
        {
            throw new MultiConnectorException(
                $"The key '{key}' names no connector; a MultiConnector's keys say which of its connectors ({string.Join(", ", _byName.Keys)}) holds the object.");
        }

        if (!_byName.TryGetValue(key.Connector, out Slot? slot))
        {
            throw new MultiConnectorException(
                $"The connector '{key.Connector}' named by the key '{key}' does not exist in this MultiConnector (its connectors: {string.Join(", ", _byName.Keys)}).",
                key.Connector);
        }

        if (slot.Connector is null)
        {
            throw new MultiConnectorException(
                $"The connector '{slot.Name}' that holds the key '{key}' is dormant on host '{Hostname}': its policy's host pattern '{slot.Policy.HostPattern}' " +
                "does not match this host, so it was not created here.",
                slot.Name);
        }

        return (slot.Connector, key.WithoutConnector());
    }

    private void ThrowIfClosed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _closed) == 1, this);

    private sealed class Slot(string name, Policy policy, IConnector? connector, ConnectorConfig? dormantConfig)
    {
        public string Name { get; } = name;

        public Policy Policy { get; } = policy;

        public IConnector? Connector { get; } = connector;

        public ConnectorConfig? DormantConfig { get; } = dormantConfig;
    }

    internal sealed record ConfigEntry(string Name, ConnectorConfig Connector, Policy Policy);

    internal sealed record ConfigOptions(List<ConfigEntry> Connectors);

    private sealed class TagScope(string[] subsetTags, string[] supersetTags, TagScope? outer) : IDisposable
    {
        private int _disposed;

        public string[] SubsetTags { get; } = subsetTags;

        public string[] SupersetTags { get; } = supersetTags;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0 && AmbientTags.Value == this)
            {
                AmbientTags.Value = outer;
            }
        }
    }
}

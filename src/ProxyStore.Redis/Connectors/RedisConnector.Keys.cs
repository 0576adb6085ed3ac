using StackExchange.Redis;

namespace ProxyStore.Connectors;

public sealed partial class RedisConnector
{
    /// <summary>The Redis key of <paramref name="key"/>, which must be one of this connector's own.</summary>
    internal RedisKey RedisKeyOf(StoreKey key)
    {
        ArgumentNullException.ThrowIfNull(key);

        // Keys may come from another process or a config; a plain id cannot reach outside the prefix.
        if (key.Connector is not null || !StoreKey.IsPlainId(key.Id))
        {
            throw new ArgumentException(
                $"The key '{key}' is not a RedisConnector key: ids are letters, digits, '-' and '_' only, at most {MaxIdLength} characters, with no connector name.",
                nameof(key));
        }

        return new RedisKey(IsPython ? key.Id : KeyPrefix + key.Id);
    }

    private bool IsPython => Options.ValueFormat == ValueFormat.Python;

    ValueFormat IValueFormatConnector.ValueFormat => Options.ValueFormat;

    /// <summary>Refuses a clear of bare keys, which cannot be told from the database's other keys.</summary>
    private void ThrowIfPythonClear()
    {
        if (IsPython)
        {
            throw new InvalidOperationException(
                $"{this} keeps Python ProxyStore's bare keys, which cannot be told from the database's other keys, so it does not clear; the connector is closed. Evict what you put.");
        }
    }

    private RedisKey[] RedisKeysOf(IReadOnlyList<StoreKey> keys)
    {
        var redisKeys = new RedisKey[keys.Count];
        for (int i = 0; i < redisKeys.Length; i++)
        {
            redisKeys[i] = RedisKeyOf(keys[i]);
        }

        return redisKeys;
    }

    private void CheckValueSize(ReadOnlyMemory<byte> data)
    {
        ObjectSizeLimit.Check(data.Length, MaxValueBytes, MaxValueReason, this);
        if (IsPython)
        {
            Serialization.PythonValues.CheckTagged(data.Span, this);
        }
    }

    /// <summary>New keys for a batch, once every item was found small enough: a refused batch sends nothing.</summary>
    private static StoreKey[] NewKeys(int count)
    {
        var keys = new StoreKey[count];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = new StoreKey(StoreKey.NewId());
        }

        return keys;
    }

    private KeyValuePair<RedisKey, RedisValue>[] PairsOf(IReadOnlyList<StoreKey> keys, IReadOnlyList<ReadOnlyMemory<byte>> data)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(data);
        if (keys.Count != data.Count)
        {
            throw new ArgumentException($"A batch of {data.Count} objects needs as many keys, not {keys.Count}.", nameof(keys));
        }

        foreach (ReadOnlyMemory<byte> item in data)
        {
            CheckValueSize(item);
        }

        var pairs = new KeyValuePair<RedisKey, RedisValue>[data.Count];
        for (int i = 0; i < pairs.Length; i++)
        {
            pairs[i] = new(RedisKeyOf(keys[i]), data[i]);
        }

        return pairs;
    }

    /// <summary>
    /// Whether <paramref name="key"/> is one this connector writes: its prefix, then a plain
    /// id. Prefixes end with a separator no id contains, so the keys of a longer prefix that
    /// starts with this one (<c>app:</c> and <c>app:x:</c>) never pass.
    /// </summary>
    private bool IsOwnKey(RedisKey key)
    {
        string? name = key;
        return name is not null && name.StartsWith(KeyPrefix, StringComparison.Ordinal) && StoreKey.IsPlainId(name.AsSpan(KeyPrefix.Length));
    }

    private void DeleteAllUnderPrefix()
    {
        ThrowIfPythonClear();
        if (IsWaitingForServer)
        {
            throw FailFast($"clear the keys under '{KeyPrefix}'", key: null);
        }

        try
        {
            IServer server = _lease.Server(Host, Port);
            var batch = new List<RedisKey>(ClearBatchSize);
            foreach (RedisKey key in server.Keys(Database, EscapeGlob(KeyPrefix) + "*", pageSize: ClearBatchSize))
            {
                if (!IsOwnKey(key))
                {
                    continue;
                }

                batch.Add(key);
                if (batch.Count == ClearBatchSize)
                {
                    RedisStoreObjects.Delete(_database, [.. batch]);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                RedisStoreObjects.Delete(_database, [.. batch]);
            }
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure($"clear the keys under '{KeyPrefix}'", key: null, e);
        }
    }

    private async Task DeleteAllUnderPrefixAsync()
    {
        ThrowIfPythonClear();
        if (IsWaitingForServer)
        {
            throw FailFast($"clear the keys under '{KeyPrefix}'", key: null);
        }

        try
        {
            IServer server = _lease.Server(Host, Port);
            var batch = new List<RedisKey>(ClearBatchSize);
            await foreach (RedisKey key in server.KeysAsync(Database, EscapeGlob(KeyPrefix) + "*", pageSize: ClearBatchSize).ConfigureAwait(false))
            {
                if (!IsOwnKey(key))
                {
                    continue;
                }

                batch.Add(key);
                if (batch.Count == ClearBatchSize)
                {
                    await RedisStoreObjects.DeleteAsync(_database, [.. batch], ValueFormat.ProxyStore, CancellationToken.None).ConfigureAwait(false);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await RedisStoreObjects.DeleteAsync(_database, [.. batch], ValueFormat.ProxyStore, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure($"clear the keys under '{KeyPrefix}'", key: null, e);
        }
    }
}

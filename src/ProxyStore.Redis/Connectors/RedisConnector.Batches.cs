using StackExchange.Redis;

namespace ProxyStore.Connectors;

public sealed partial class RedisConnector
{
    /// <summary>Stores every item of <paramref name="data"/> with one <c>MSET</c>: all of them or, on failure, none.</summary>
    public IReadOnlyList<StoreKey> PutBatch(IReadOnlyList<ReadOnlyMemory<byte>> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        StoreKey[] keys = NewKeys(data.Count);
        ((IKeyedPutConnector)this).PutBatchAt(keys, data);
        return keys;
    }

    void IKeyedPutConnector.PutBatchAt(IReadOnlyList<StoreKey> keys, IReadOnlyList<ReadOnlyMemory<byte>> data)
    {
        ThrowIfClosed();
        KeyValuePair<RedisKey, RedisValue>[] pairs = PairsOf(keys, data);
        if (keys.Count == 0)
        {
            return;
        }

        if (IsWaitingForServer)
        {
            throw FailFast($"put a batch of {keys.Count} objects", key: null);
        }

        try
        {
            _database.StringSet(pairs);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure($"put a batch of {keys.Count} objects", key: null, e, Undo([.. pairs.Select(p => p.Key)]));
        }
    }

    /// <summary>Asynchronous <see cref="PutBatch"/>.</summary>
    public async ValueTask<IReadOnlyList<StoreKey>> PutBatchAsync(IReadOnlyList<ReadOnlyMemory<byte>> data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        StoreKey[] keys = NewKeys(data.Count);
        await ((IKeyedPutConnector)this).PutBatchAtAsync(keys, data, cancellationToken).ConfigureAwait(false);
        return keys;
    }

    async ValueTask IKeyedPutConnector.PutBatchAtAsync(IReadOnlyList<StoreKey> keys, IReadOnlyList<ReadOnlyMemory<byte>> data, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        cancellationToken.ThrowIfCancellationRequested();
        KeyValuePair<RedisKey, RedisValue>[] pairs = PairsOf(keys, data);
        if (keys.Count == 0)
        {
            return;
        }

        if (IsWaitingForServer)
        {
            throw FailFast($"put a batch of {keys.Count} objects", key: null);
        }

        try
        {
            await _database.StringSetAsync(pairs).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _database.KeyDelete(pairs.Select(p => p.Key).ToArray(), CommandFlags.FireAndForget);
            throw;
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure($"put a batch of {keys.Count} objects", key: null, e, Undo([.. pairs.Select(p => p.Key)]));
        }
    }

    /// <summary>Gets every key of <paramref name="keys"/> with one <c>MGET</c>; missing keys give <see langword="null"/>.</summary>
    public IReadOnlyList<byte[]?> GetBatch(IReadOnlyList<StoreKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        RedisKey[] redisKeys = RedisKeysOf(keys);
        ThrowIfClosed();
        if (redisKeys.Length == 0)
        {
            return [];
        }

        if (IsWaitingForServer)
        {
            throw FailFast($"get a batch of {redisKeys.Length} objects", key: null);
        }

        try
        {
            return Array.ConvertAll(_database.StringGet(redisKeys), ToBytes);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure($"get a batch of {redisKeys.Length} objects", key: null, e);
        }
    }

    /// <summary>Asynchronous <see cref="GetBatch"/>.</summary>
    public async ValueTask<IReadOnlyList<byte[]?>> GetBatchAsync(IReadOnlyList<StoreKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        RedisKey[] redisKeys = RedisKeysOf(keys);
        ThrowIfClosed();
        cancellationToken.ThrowIfCancellationRequested();
        if (redisKeys.Length == 0)
        {
            return [];
        }

        if (IsWaitingForServer)
        {
            throw FailFast($"get a batch of {redisKeys.Length} objects", key: null);
        }

        try
        {
            RedisValue[] values = await _database.StringGetAsync(redisKeys).WaitAsync(cancellationToken).ConfigureAwait(false);
            return Array.ConvertAll(values, ToBytes);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure($"get a batch of {redisKeys.Length} objects", key: null, e);
        }
    }
}

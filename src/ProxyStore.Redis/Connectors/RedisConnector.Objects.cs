using StackExchange.Redis;

namespace ProxyStore.Connectors;

public sealed partial class RedisConnector
{
    /// <inheritdoc />
    public byte[]? Get(StoreKey key)
    {
        RedisKey redisKey = RedisKeyOf(key);
        ThrowIfClosed();
        ThrowIfWaitingForServer("get", key);
        try
        {
            return ToBytes(_database.StringGet(redisKey));
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure("get", key, e);
        }
    }

    /// <inheritdoc />
    public async ValueTask<byte[]?> GetAsync(StoreKey key, CancellationToken cancellationToken = default)
    {
        RedisKey redisKey = RedisKeyOf(key);
        ThrowIfClosed();
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfWaitingForServer("get", key);
        try
        {
            return ToBytes(await _database.StringGetAsync(redisKey).WaitAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure("get", key, e);
        }
    }

    /// <inheritdoc />
    public bool Exists(StoreKey key)
    {
        RedisKey redisKey = RedisKeyOf(key);
        ThrowIfClosed();
        ThrowIfWaitingForServer("check", key);
        try
        {
            return _database.KeyExists(redisKey);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure("check", key, e);
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> ExistsAsync(StoreKey key, CancellationToken cancellationToken = default)
    {
        RedisKey redisKey = RedisKeyOf(key);
        ThrowIfClosed();
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfWaitingForServer("check", key);
        try
        {
            return await _database.KeyExistsAsync(redisKey).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure("check", key, e);
        }
    }

    /// <inheritdoc />
    public void Evict(StoreKey key)
    {
        RedisKey redisKey = RedisKeyOf(key);
        ThrowIfClosed();
        ThrowIfWaitingForServer("evict", key);
        try
        {
            _database.KeyDelete(redisKey);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure("evict", key, e);
        }
    }

    /// <inheritdoc />
    public async ValueTask EvictAsync(StoreKey key, CancellationToken cancellationToken = default)
    {
        RedisKey redisKey = RedisKeyOf(key);
        ThrowIfClosed();
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfWaitingForServer("evict", key);
        try
        {
            await _database.KeyDeleteAsync(redisKey).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure("evict", key, e);
        }
    }

    void IGuardedEvictConnector.EvictStored(StoreKey key)
    {
        RedisKey redisKey = RedisKeyOf(key);
        ThrowIfClosed();
        ThrowIfWaitingForServer("evict", key);
        int foreign;
        try
        {
            foreign = RedisStoreObjects.Delete(_database, [redisKey], Options.ValueFormat);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure("evict", key, e);
        }

        if (foreign > 0)
        {
            throw new ForeignObjectException(key, ToString());
        }
    }

    async ValueTask IGuardedEvictConnector.EvictStoredAsync(StoreKey key, CancellationToken cancellationToken)
    {
        RedisKey redisKey = RedisKeyOf(key);
        ThrowIfClosed();
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfWaitingForServer("evict", key);
        int foreign;
        try
        {
            foreign = await RedisStoreObjects.DeleteAsync(_database, [redisKey], Options.ValueFormat, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure("evict", key, e);
        }

        if (foreign > 0)
        {
            throw new ForeignObjectException(key, ToString());
        }
    }
}

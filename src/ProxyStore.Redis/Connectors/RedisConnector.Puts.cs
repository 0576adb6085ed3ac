using StackExchange.Redis;

namespace ProxyStore.Connectors;

public sealed partial class RedisConnector
{
    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="data"/> is larger than <see cref="MaxValueBytes"/>; nothing was sent.</exception>
    public StoreKey Put(ReadOnlyMemory<byte> data)
    {
        var key = new StoreKey(StoreKey.NewId());
        ((IKeyedPutConnector)this).PutAt(key, data);
        return key;
    }

    /// <inheritdoc />
    public async ValueTask<StoreKey> PutAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        var key = new StoreKey(StoreKey.NewId());
        await PutAtAsync(key, data, cancellationToken).ConfigureAwait(false);
        return key;
    }

    StoreKey? IKeyedPutConnector.NewPutKey(long size) => NewKey();

    ValueTask IKeyedPutConnector.PutAtAsync(StoreKey key, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken) =>
        PutAtAsync(key, frame, cancellationToken);

    void IKeyedPutConnector.PutAt(StoreKey key, ReadOnlyMemory<byte> data)
    {
        ThrowIfClosed();
        CheckValueSize(data);
        ThrowIfWaitingForServer("put an object", key: null);
        RedisKey redisKey = RedisKeyOf(key);
        try
        {
            _database.StringSet(redisKey, data);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure("put", key, e, Undo([redisKey]));
        }
    }

    private async ValueTask PutAtAsync(StoreKey key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        CheckValueSize(data);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfWaitingForServer("put an object", key: null);
        RedisKey redisKey = RedisKeyOf(key);
        try
        {
            await _database.StringSetAsync(redisKey, data).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The SET may already be on its way; a DELETE after it on the same connection
            // makes sure a cancelled put leaves nothing behind.
            _database.KeyDelete(redisKey, CommandFlags.FireAndForget);
            throw;
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure("put", key, e, Undo([redisKey]));
        }
    }
}

using StackExchange.Redis;

namespace ProxyStore.Connectors;

public sealed partial class RedisConnector
{
    /// <inheritdoc />
    public StoreKey NewKey()
    {
        ThrowIfClosed();
        return new StoreKey(StoreKey.NewId());
    }

    /// <inheritdoc />
    /// <remarks>
    /// One <c>SET ... NX</c>, so of two producers racing on one key, in any processes, exactly
    /// one wins; then a <c>PUBLISH</c> on the key's channel (<see cref="SetChannelOf"/>) wakes
    /// consumers waiting for it without waiting out a polling interval.
    /// </remarks>
    /// <exception cref="RedisConnectorException">The server failed or did not answer.</exception>
    public void Set(StoreKey key, ReadOnlyMemory<byte> data)
    {
        RedisKey redisKey = RedisKeyOf(key);
        ThrowIfClosed();
        CheckValueSize(data);
        ThrowIfWaitingForServer("set", key);
        bool set;
        try
        {
            set = _database.StringSet(redisKey, data, when: When.NotExists);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure("set", key, e);
        }

        FinishSet(key, set);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The token is checked before the <c>SET</c> is sent, never while it is on its way: a set
    /// cannot be taken back, since the key may hold another producer's object when it fails.
    /// </remarks>
    /// <exception cref="RedisConnectorException">The server failed or did not answer.</exception>
    public async ValueTask SetAsync(StoreKey key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        RedisKey redisKey = RedisKeyOf(key);
        ThrowIfClosed();
        CheckValueSize(data);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfWaitingForServer("set", key);
        bool set;
        try
        {
            set = await _database.StringSetAsync(redisKey, data, when: When.NotExists).ConfigureAwait(false);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure("set", key, e);
        }

        FinishSet(key, set);
    }

    /// <summary>The pub/sub channel on which <see cref="Set"/> announces that <paramref name="key"/> holds its object.</summary>
    internal RedisChannel SetChannelOf(StoreKey key) => RedisChannel.Literal((string)RedisKeyOf(key)! + ":set");

    /// <summary>
    /// Subscribes to the key's set channel. Why pub/sub on top of polling: a consumer in another
    /// process learns of the value within a round trip instead of a polling interval (1 s by
    /// default), and costs the server nothing while it waits; polling stays, because a message
    /// published before the subscription took effect, or lost with a connection, is not replayed.
    /// </summary>
    IDisposable? ISetNotifier.WatchSet(StoreKey key, Action onSet)
    {
        RedisChannel channel = SetChannelOf(key);
        ThrowIfClosed();
        ThrowIfWaitingForServer("watch", key);
        ISubscriber subscriber = _lease.Multiplexer.GetSubscriber();
        Action<RedisChannel, RedisValue> handler = (_, _) => onSet();
        try
        {
            subscriber.Subscribe(channel, handler);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure("watch", key, e);
        }

        return new SetWatch(subscriber, channel, handler);
    }

    /// <inheritdoc />
    async ValueTask<IDisposable?> ISetNotifier.WatchSetAsync(StoreKey key, Action onSet, CancellationToken cancellationToken)
    {
        RedisChannel channel = SetChannelOf(key);
        ThrowIfClosed();
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfWaitingForServer("watch", key);
        ISubscriber subscriber = _lease.Multiplexer.GetSubscriber();
        Action<RedisChannel, RedisValue> handler = (_, _) => onSet();
        var watch = new SetWatch(subscriber, channel, handler);
        try
        {
            await subscriber.SubscribeAsync(channel, handler).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The subscription may still complete; unsubscribing this handler undoes it either way.
            watch.Dispose();
            throw;
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Failure("watch", key, e);
        }

        return watch;
    }

    private void FinishSet(StoreKey key, bool set)
    {
        if (!set)
        {
            throw new KeyAlreadySetException(key, $"The key '{key}' already holds an object in {this}; a key is set once.");
        }

        // Fire and forget: the object is stored whether or not anyone hears of it, and waiters
        // that miss the message still find the object at their next poll.
        _database.Publish(SetChannelOf(key), RedisValue.EmptyString, CommandFlags.FireAndForget);
    }
}

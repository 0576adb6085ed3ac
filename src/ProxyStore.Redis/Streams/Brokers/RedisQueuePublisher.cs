using StackExchange.Redis;

namespace ProxyStore.Streams;

/// <summary>
/// Sends stream messages to Redis lists, one list per topic (<c>RPUSH topic message</c>): each
/// message waits in the list until exactly one <see cref="RedisQueueSubscriber"/> pops it, so
/// messages sent before any consumer exists are kept, and several consumers of one topic share
/// its messages instead of each seeing all. Thread-safe.
/// </summary>
/// <remarks>
/// <para><b>Why lists and not Redis Streams with consumer groups.</b> A list pop is atomic: the
/// message is delivered to one consumer and gone from Redis in one command, with no per-message
/// acknowledgement and nothing left to trim. A Redis Stream keeps every entry until it is
/// deleted or trimmed, so "each message once" would cost an <c>XACK</c> and an <c>XDEL</c> per
/// message on top of the read, and a trim policy that cannot drop unread entries. What a consumer
/// group adds, redelivery of a message whose consumer died between reading and acknowledging it,
/// has no natural acknowledgement point here: a consumer hands out lazy proxies, and the message
/// holds only keys, not the data. Lists are also what Python ProxyStore's
/// <c>RedisQueuePublisher</c> uses, so the two compare like for like. The cost: a message popped
/// by a consumer that then crashes is lost (its objects stay in the store).</para>
/// <para>The list of a topic is the Redis key named <c>topic</c>, as in Python ProxyStore.</para>
/// </remarks>
public sealed class RedisQueuePublisher : IStreamPublisher
{
    private readonly RedisBroker _broker;
    private readonly IDatabase _database;

    /// <summary>Connects to the Redis server at <paramref name="host"/>:<paramref name="port"/>.</summary>
    /// <exception cref="Connectors.RedisConnectorException">The server cannot be reached; the message names it.</exception>
    public RedisQueuePublisher(string host, int port)
        : this(RedisBroker.Connect(host, port, "queue-publisher"))
    {
    }

    /// <summary>Pushes through <paramref name="connection"/>, which stays the caller's: disposing the publisher leaves it open.</summary>
    public RedisQueuePublisher(IConnectionMultiplexer connection)
        : this(RedisBroker.Lend(connection))
    {
    }

    private RedisQueuePublisher(RedisBroker broker)
    {
        _broker = broker;
        _database = broker.Connection.GetDatabase();
    }

    /// <summary>Connects to the Redis server without blocking a thread.</summary>
    /// <param name="host">The server's host.</param>
    /// <param name="port">The server's port.</param>
    /// <param name="cancellationToken">Stops the wait for the connection; a connection made after it is closed.</param>
    public static async ValueTask<RedisQueuePublisher> ConnectAsync(string host, int port, CancellationToken cancellationToken = default) =>
        new(await RedisBroker.ConnectAsync(host, port, "queue-publisher", cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public void SendMessage(string topic, byte[] message)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(message);
        _database.ListRightPush(topic, message);
    }

    /// <inheritdoc />
    public async ValueTask SendMessageAsync(string topic, byte[] message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        await _database.ListRightPushAsync(topic, message).ConfigureAwait(false);
    }

    /// <summary>Closes the connection if the publisher made it.</summary>
    public void Dispose() => _broker.Dispose();

    /// <inheritdoc cref="Dispose" />
    public ValueTask DisposeAsync() => _broker.DisposeAsync();
}

using StackExchange.Redis;

namespace ProxyStore.Streams;

/// <summary>
/// Publishes stream messages with Redis pub/sub (<c>PUBLISH topic message</c>). Every
/// <see cref="RedisSubscriber"/> subscribed to the topic at that moment gets every message; a
/// message nobody is subscribed to is dropped. For messages kept until one consumer takes each,
/// use <see cref="RedisQueuePublisher"/>. Thread-safe.
/// </summary>
/// <remarks>
/// Redis disconnects a subscriber whose unread pub/sub data passes its
/// <c>client-output-buffer-limit pubsub</c> (32 MB hard, 8 MB for 60 s by default): send large
/// objects through a store, which keeps messages to a few hundred bytes, or raise the limit.
/// </remarks>
public sealed class RedisPublisher : IStreamPublisher
{
    private readonly RedisBroker _broker;
    private readonly ISubscriber _publisher;

    /// <summary>Connects to the Redis server at <paramref name="host"/>:<paramref name="port"/>.</summary>
    /// <exception cref="Connectors.RedisConnectorException">The server cannot be reached; the message names it.</exception>
    public RedisPublisher(string host, int port)
        : this(RedisBroker.Connect(host, port, "publisher"))
    {
    }

    /// <summary>Publishes through <paramref name="connection"/>, which stays the caller's: disposing the publisher leaves it open.</summary>
    public RedisPublisher(IConnectionMultiplexer connection)
        : this(RedisBroker.Lend(connection))
    {
    }

    private RedisPublisher(RedisBroker broker)
    {
        _broker = broker;
        _publisher = broker.Connection.GetSubscriber();
    }

    /// <summary>Connects to the Redis server without blocking a thread.</summary>
    /// <exception cref="Connectors.RedisConnectorException">The server cannot be reached; the message names it.</exception>
    /// <param name="host">The server's host.</param>
    /// <param name="port">The server's port.</param>
    /// <param name="cancellationToken">Stops the wait for the connection; a connection made after it is closed.</param>
    public static async ValueTask<RedisPublisher> ConnectAsync(string host, int port, CancellationToken cancellationToken = default) =>
        new(await RedisBroker.ConnectAsync(host, port, "publisher", cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public void SendMessage(string topic, byte[] message)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(message);
        _publisher.Publish(RedisChannel.Literal(topic), message);
    }

    /// <inheritdoc />
    public async ValueTask SendMessageAsync(string topic, byte[] message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        await _publisher.PublishAsync(RedisChannel.Literal(topic), message).ConfigureAwait(false);
    }

    /// <summary>Closes the connection if the publisher made it.</summary>
    public void Dispose() => _broker.Dispose();

    /// <inheritdoc cref="Dispose" />
    public ValueTask DisposeAsync() => _broker.DisposeAsync();
}

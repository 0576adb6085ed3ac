namespace ProxyStore.Streams;

/// <summary>
/// The producer's side of a message broker: publishes the serialized event batches of a
/// <see cref="StreamProducer{T}"/>. Implementations: <see cref="ChannelPublisher"/> (in process),
/// <c>RedisPublisher</c> (package ProxyStore.Redis; Redis pub/sub, every subscriber gets every message) and
/// <c>RedisQueuePublisher</c> (ProxyStore.Redis; a Redis list, each message to one subscriber).
/// </summary>
/// <remarks>
/// Messages of one topic must reach a subscriber in the order they were sent. The producer
/// never sends two messages at once, and hands over each array for good (it does not reuse it).
/// </remarks>
public interface IStreamPublisher : IDisposable, IAsyncDisposable
{
    /// <summary>Publishes <paramref name="message"/> to <paramref name="topic"/>.</summary>
    void SendMessage(string topic, byte[] message);

    /// <summary>Asynchronous <see cref="SendMessage"/>.</summary>
    ValueTask SendMessageAsync(string topic, byte[] message, CancellationToken cancellationToken = default);
}

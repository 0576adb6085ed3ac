namespace ProxyStore.Streams;

/// <summary>
/// The consumer's side of a message broker: the messages a <see cref="StreamConsumer{T}"/>
/// turns back into events, in the order each topic's were sent.
/// </summary>
public interface IStreamSubscriber : IDisposable, IAsyncDisposable
{
    /// <summary>Waits for the next message; <see langword="null"/> once the subscription has ended and no message is left.</summary>
    /// <param name="cancellationToken">Stops the wait.</param>
    byte[]? NextMessage(CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="NextMessage"/>.</summary>
    ValueTask<byte[]?> NextMessageAsync(CancellationToken cancellationToken = default);
}

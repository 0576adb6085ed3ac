using System.Threading.Channels;

namespace ProxyStore.Streams;

/// <summary>Reads the messages a <see cref="ChannelPublisher"/> writes to a channel. Thread-safe.</summary>
public sealed class ChannelSubscriber : IStreamSubscriber
{
    private readonly ChannelReader<byte[]> _reader;

    /// <summary>Creates the subscriber.</summary>
    /// <param name="reader">The channel to read.</param>
    public ChannelSubscriber(ChannelReader<byte[]> reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
    }

    /// <inheritdoc />
    /// <remarks>Returns <see langword="null"/> once the channel is completed and empty.</remarks>
    public byte[]? NextMessage(CancellationToken cancellationToken = default) =>
        _reader.TryRead(out byte[]? message) ? message : NextMessageAsync(cancellationToken).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc />
    /// <remarks>Returns <see langword="null"/> once the channel is completed and empty.</remarks>
    public async ValueTask<byte[]?> NextMessageAsync(CancellationToken cancellationToken = default)
    {
        while (await _reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_reader.TryRead(out byte[]? message))
            {
                return message;
            }
        }

        return null;
    }

    /// <summary>Nothing to release: the channel belongs to whoever made it.</summary>
    public void Dispose()
    {
    }

    /// <inheritdoc cref="Dispose" />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

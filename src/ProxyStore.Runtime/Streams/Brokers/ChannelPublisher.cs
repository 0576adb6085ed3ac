using System.Threading.Channels;

namespace ProxyStore.Streams;

/// <summary>
/// An in-process broker on <see cref="System.Threading.Channels"/>: each topic writes to a
/// channel, which a <see cref="ChannelSubscriber"/> reads. Messages are passed by reference,
/// never copied. Thread-safe.
/// </summary>
public sealed class ChannelPublisher : IStreamPublisher
{
    private readonly Dictionary<string, ChannelWriter<byte[]>> _writers;
    private readonly bool _completeOnDispose;
    private int _disposed;

    /// <summary>Creates the publisher.</summary>
    /// <param name="writers">The channel of each topic; several topics may share one.</param>
    /// <param name="completeOnDispose">Whether disposing completes the channels, which ends their subscribers once they read what is left.</param>
    /// <exception cref="ArgumentException"><paramref name="writers"/> is empty or holds a null writer.</exception>
    public ChannelPublisher(IReadOnlyDictionary<string, ChannelWriter<byte[]>> writers, bool completeOnDispose = true)
    {
        ArgumentNullException.ThrowIfNull(writers);
        if (writers.Count == 0 || writers.Any(w => w.Value is null))
        {
            throw new ArgumentException("A channel publisher needs a non-null channel writer for at least one topic.", nameof(writers));
        }

        _writers = new Dictionary<string, ChannelWriter<byte[]>>(writers, StringComparer.Ordinal);
        _completeOnDispose = completeOnDispose;
    }

    /// <summary>
    /// A publisher and a subscriber on one new unbounded channel that carries every topic of
    /// <paramref name="topics"/>.
    /// </summary>
    /// <exception cref="ArgumentException">No topic is given, or a topic is null or empty.</exception>
    public static (ChannelPublisher Publisher, ChannelSubscriber Subscriber) CreatePair(params string[] topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        if (topics.Length == 0 || topics.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("A channel pair needs at least one topic, none null or empty.", nameof(topics));
        }

        Channel<byte[]> channel = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
        var writers = topics.Distinct(StringComparer.Ordinal).ToDictionary(t => t, _ => channel.Writer, StringComparer.Ordinal);
        return (new ChannelPublisher(writers), new ChannelSubscriber(channel.Reader));
    }

    /// <summary>The topics this publisher has a channel for.</summary>
    public IReadOnlyCollection<string> Topics => _writers.Keys;

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="topic"/> has no channel.</exception>
    /// <exception cref="ObjectDisposedException">The publisher is disposed.</exception>
    /// <exception cref="ChannelClosedException">The topic's channel was completed.</exception>
    public void SendMessage(string topic, byte[] message)
    {
        ChannelWriter<byte[]> writer = WriterOf(topic, message);
        if (!writer.TryWrite(message))
        {
            // A bounded channel that is full: wait for room, as a queue's put would.
            writer.WriteAsync(message).AsTask().GetAwaiter().GetResult();
        }
    }

    /// <inheritdoc />
    public ValueTask SendMessageAsync(string topic, byte[] message, CancellationToken cancellationToken = default) =>
        WriterOf(topic, message).WriteAsync(message, cancellationToken);

    private ChannelWriter<byte[]> WriterOf(string topic, byte[] message)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        return _writers.TryGetValue(topic, out ChannelWriter<byte[]>? writer)
            ? writer
            : throw new ArgumentException($"Topic '{topic}' has no channel in this publisher; its topics are: {string.Join(", ", _writers.Keys)}.", nameof(topic));
    }

    /// <summary>Completes the channels if asked to at construction. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _completeOnDispose)
        {
            foreach (ChannelWriter<byte[]> writer in _writers.Values.Distinct())
            {
                writer.TryComplete();
            }
        }
    }

    /// <inheritdoc cref="Dispose" />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}

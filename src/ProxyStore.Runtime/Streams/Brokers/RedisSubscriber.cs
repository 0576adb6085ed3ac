using System.Threading.Channels;
using StackExchange.Redis;

namespace ProxyStore.Streams;

/// <summary>
/// Receives the messages a <see cref="RedisPublisher"/> publishes to its topics with Redis
/// pub/sub. The subscription is active once the constructor returns: messages published before
/// that are not received. Messages of each topic arrive in order. Thread-safe.
/// </summary>
public sealed class RedisSubscriber : IStreamSubscriber
{
    private readonly RedisBroker _broker;
    private readonly List<ChannelMessageQueue> _queues = [];
    private readonly Channel<byte[]> _received = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly ChannelSubscriber _reader;
    private int _disposed;

    /// <summary>Connects to the Redis server at <paramref name="host"/>:<paramref name="port"/> and subscribes to <paramref name="topics"/>.</summary>
    /// <exception cref="ArgumentException">No topic is given, or one is null or empty.</exception>
    /// <exception cref="Connectors.RedisConnectorException">The server cannot be reached; the message names it.</exception>
    public RedisSubscriber(string host, int port, params string[] topics)
        : this(RedisBroker.Connect(host, port, "subscriber"), Check(topics))
    {
    }

    /// <summary>Subscribes through <paramref name="connection"/>, which stays the caller's: disposing the subscriber unsubscribes but leaves it open.</summary>
    public RedisSubscriber(IConnectionMultiplexer connection, params string[] topics)
        : this(RedisBroker.Lend(connection), Check(topics))
    {
    }

    private RedisSubscriber(RedisBroker broker, string[] topics)
    {
        _broker = broker;
        _reader = new ChannelSubscriber(_received.Reader);
        ISubscriber subscriber = broker.Connection.GetSubscriber();
        try
        {
            foreach (string topic in topics)
            {
                ChannelMessageQueue queue = subscriber.Subscribe(RedisChannel.Literal(topic));
                _queues.Add(queue);
                // Each topic's queue keeps its messages in order; one writer per topic into a
                // shared channel keeps that order per topic.
                queue.OnMessage(message => Forward(message));
            }
        }
        catch
        {
            Dispose();
            throw;
        }

        Topics = topics;
    }

    /// <summary>The topics this subscriber receives.</summary>
    public IReadOnlyList<string> Topics { get; }

    /// <summary>Connects to the Redis server and subscribes without blocking a thread.</summary>
    public static async ValueTask<RedisSubscriber> ConnectAsync(string host, int port, params string[] topics)
    {
        string[] checkedTopics = Check(topics);
        RedisBroker broker = await RedisBroker.ConnectAsync(host, port, "subscriber").ConfigureAwait(false);
        // Subscribing itself waits for the server's confirmation; a short wait, done synchronously
        // so that the subscription is active when the subscriber is handed out.
        return new RedisSubscriber(broker, checkedTopics);
    }

    /// <inheritdoc />
    /// <remarks>Returns <see langword="null"/> once the subscriber is disposed and what arrived has been read.</remarks>
    public byte[]? NextMessage(CancellationToken cancellationToken = default) => _reader.NextMessage(cancellationToken);

    /// <inheritdoc />
    public ValueTask<byte[]?> NextMessageAsync(CancellationToken cancellationToken = default) => _reader.NextMessageAsync(cancellationToken);

    /// <summary>Unsubscribes, ends <see cref="NextMessage"/>, and closes the connection if the subscriber made it. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            foreach (ChannelMessageQueue queue in _queues)
            {
                queue.Unsubscribe();
            }

            _received.Writer.TryComplete();
            _broker.Dispose();
        }
    }

    /// <inheritdoc cref="Dispose" />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            foreach (ChannelMessageQueue queue in _queues)
            {
                await queue.UnsubscribeAsync().ConfigureAwait(false);
            }

            _received.Writer.TryComplete();
            await _broker.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Forward(ChannelMessage message)
    {
        byte[]? data = message.Message;
        if (data is not null)
        {
            _received.Writer.TryWrite(data);
        }
    }

    private static string[] Check(string[] topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        if (topics.Length == 0 || topics.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("A Redis subscriber needs at least one topic, none null or empty.", nameof(topics));
        }

        return [.. topics.Distinct(StringComparer.Ordinal)];
    }
}

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
        : this(broker, topics, subscribe: true)
    {
    }

    private RedisSubscriber(RedisBroker broker, string[] topics, bool subscribe)
    {
        _broker = broker;
        _reader = new ChannelSubscriber(_received.Reader);
        Topics = topics;
        if (subscribe)
        {
            ISubscriber subscriber = broker.Connection.GetSubscriber();
            Attach(() =>
            {
                foreach (string topic in topics)
                {
                    Listen(subscriber.Subscribe(RedisChannel.Literal(topic)));
                }
            });
        }
    }

    /// <summary>Runs <paramref name="subscribe"/>, undoing what it did if it fails.</summary>
    private void Attach(Action subscribe)
    {
        try
        {
            subscribe();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private void Listen(ChannelMessageQueue queue)
    {
        _queues.Add(queue);
        // Each topic's queue keeps its messages in order; one writer per topic into the shared
        // channel keeps that order per topic.
        queue.OnMessage(Forward);
    }

    /// <summary>The topics this subscriber receives.</summary>
    public IReadOnlyList<string> Topics { get; }

    /// <summary>Connects to the Redis server and subscribes to <paramref name="topic"/> without blocking a thread.</summary>
    /// <param name="host">The server's host.</param>
    /// <param name="port">The server's port.</param>
    /// <param name="topic">The topic.</param>
    /// <param name="cancellationToken">Stops the wait for the connection; a connection made after it is closed.</param>
    public static ValueTask<RedisSubscriber> ConnectAsync(string host, int port, string topic, CancellationToken cancellationToken = default) =>
        ConnectAsync(host, port, [topic], cancellationToken);

    /// <summary>Connects to the Redis server and subscribes to <paramref name="topics"/> without blocking a thread.</summary>
    /// <param name="host">The server's host.</param>
    /// <param name="port">The server's port.</param>
    /// <param name="topics">The topics.</param>
    /// <param name="cancellationToken">Stops the wait for the connection and the subscriptions; a connection made after it is closed.</param>
    public static async ValueTask<RedisSubscriber> ConnectAsync(string host, int port, IEnumerable<string> topics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topics);
        string[] checkedTopics = Check([.. topics]);
        RedisBroker broker = await RedisBroker.ConnectAsync(host, port, "subscriber", cancellationToken).ConfigureAwait(false);
        var made = new RedisSubscriber(broker, checkedTopics, subscribe: false);
        try
        {
            ISubscriber subscriber = broker.Connection.GetSubscriber();
            foreach (string topic in checkedTopics)
            {
                // Awaited: the subscription is active when the subscriber is handed out.
                made.Listen(await subscriber.SubscribeAsync(RedisChannel.Literal(topic)).WaitAsync(cancellationToken).ConfigureAwait(false));
            }
        }
        catch
        {
            await made.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return made;
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

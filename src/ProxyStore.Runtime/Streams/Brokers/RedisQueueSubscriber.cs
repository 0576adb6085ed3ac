using StackExchange.Redis;

namespace ProxyStore.Streams;

/// <summary>
/// Pops the messages a <see cref="RedisQueuePublisher"/> pushes to one topic's Redis list
/// (<c>BLPOP</c>); each message goes to one subscriber only. See
/// <see cref="RedisQueuePublisher"/> for why lists rather than Redis Streams. Thread-safe.
/// </summary>
/// <remarks>
/// <c>BLPOP</c> holds its connection until a message comes, so the subscriber always has a
/// connection of its own, and waits in rounds of <see cref="PollInterval"/> so that cancellation
/// and disposal take effect within one round.
/// </remarks>
public sealed class RedisQueueSubscriber : IStreamSubscriber
{
    /// <summary>How long one <c>BLPOP</c> waits before the subscriber checks for cancellation and its timeout.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly RedisBroker _broker;
    private readonly IDatabase _database;
    private readonly TimeSpan? _timeout;
    private int _disposed;

    /// <summary>Connects to the Redis server at <paramref name="host"/>:<paramref name="port"/> to read <paramref name="topic"/>'s list.</summary>
    /// <param name="host">The server's host.</param>
    /// <param name="port">The server's port.</param>
    /// <param name="topic">The topic, which is the list's key.</param>
    /// <param name="timeout">How long <see cref="NextMessage"/> waits before it throws a <see cref="TimeoutException"/>; forever when null.</param>
    /// <exception cref="Connectors.RedisConnectorException">The server cannot be reached; the message names it.</exception>
    public RedisQueueSubscriber(string host, int port, string topic, TimeSpan? timeout = null)
        : this(RedisBroker.Connect(host, port, "queue-subscriber"), topic, timeout)
    {
    }

    private RedisQueueSubscriber(RedisBroker broker, string topic, TimeSpan? timeout)
    {
        try
        {
            ArgumentException.ThrowIfNullOrEmpty(topic);
            if (timeout is { } t && t <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(timeout), timeout, $"The timeout of the queue subscriber of topic '{topic}' must be positive, or null to wait forever.");
            }
        }
        catch
        {
            broker.Dispose();
            throw;
        }

        _broker = broker;
        _database = broker.Connection.GetDatabase();
        Topic = topic;
        _timeout = timeout;
    }

    /// <summary>Connects to the Redis server without blocking a thread.</summary>
    public static async ValueTask<RedisQueueSubscriber> ConnectAsync(string host, int port, string topic, TimeSpan? timeout = null) =>
        new(await RedisBroker.ConnectAsync(host, port, "queue-subscriber").ConfigureAwait(false), topic, timeout);

    /// <summary>The topic whose list this subscriber reads.</summary>
    public string Topic { get; }

    /// <inheritdoc />
    /// <exception cref="TimeoutException">No message came within the timeout given at construction.</exception>
    /// <remarks>Returns <see langword="null"/> once the subscriber is disposed.</remarks>
    public byte[]? NextMessage(CancellationToken cancellationToken = default)
    {
        long start = Environment.TickCount64;
        while (true)
        {
            if (Volatile.Read(ref _disposed) == 1)
            {
                return null;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (Popped(_database.Execute("BLPOP", Topic, Round(start))) is { } message)
            {
                return message;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<byte[]?> NextMessageAsync(CancellationToken cancellationToken = default)
    {
        long start = Environment.TickCount64;
        while (true)
        {
            if (Volatile.Read(ref _disposed) == 1)
            {
                return null;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (Popped(await _database.ExecuteAsync("BLPOP", Topic, Round(start)).ConfigureAwait(false)) is { } message)
            {
                return message;
            }
        }
    }

    /// <summary>The seconds the next <c>BLPOP</c> may wait, or a <see cref="TimeoutException"/> when the timeout has passed.</summary>
    private double Round(long start)
    {
        double wait = PollInterval.TotalSeconds;
        if (_timeout is { } timeout)
        {
            double left = timeout.TotalSeconds - ((Environment.TickCount64 - start) / 1000.0);
            if (left <= 0)
            {
                throw new TimeoutException($"No message came to the Redis queue of topic '{Topic}' within {timeout.TotalSeconds:0.###} s.");
            }

            wait = Math.Min(wait, left);
        }

        // BLPOP takes seconds with millisecond resolution; 0 would mean forever.
        return Math.Max(Math.Round(wait, 3), 0.001);
    }

    private static byte[]? Popped(RedisResult result) =>
        result.IsNull ? null : (byte[]?)((RedisResult[])result!)[1];

    /// <summary>Ends <see cref="NextMessage"/> (within one poll round) and closes the connection. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _broker.Dispose();
        }
    }

    /// <inheritdoc cref="Dispose" />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _broker.DisposeAsync().ConfigureAwait(false);
        }
    }
}

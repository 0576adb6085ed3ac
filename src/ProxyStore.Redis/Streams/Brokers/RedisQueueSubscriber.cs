using StackExchange.Redis;

namespace ProxyStore.Streams;

/// <summary>
/// Pops the messages a <see cref="RedisQueuePublisher"/> pushes to one topic's Redis list
/// (<c>BLPOP</c>); each message goes to one subscriber only. See
/// <see cref="RedisQueuePublisher"/> for why lists rather than Redis Streams. Thread-safe.
/// </summary>
/// <remarks>
/// <para><c>BLPOP</c> holds its connection until a message comes, so the subscriber always has a
/// connection of its own, and pops in rounds of <see cref="PollInterval"/> so that its timeout is
/// checked between them.</para>
/// <para>A wait ends as soon as it is cancelled, and a disposal ends it too, without waiting for
/// the round: a round still under way then goes on, and a message it pops is the next wait's, so
/// a cancelled wait loses nothing while the subscriber lives.</para>
/// </remarks>
public sealed class RedisQueueSubscriber : IStreamSubscriber
{
    /// <summary>How long one <c>BLPOP</c> waits before the subscriber checks its timeout and pops again.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly RedisBroker _broker;
    private readonly IDatabase _database;
    private readonly TimeSpan? _timeout;
    private readonly Lock _gate = new();

    // The BLPOP under way, whose message the next wait to see it complete takes.
    private Task<byte[]?>? _round;
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
    /// <param name="host">The server's host.</param>
    /// <param name="port">The server's port.</param>
    /// <param name="topic">The topic, which is the list's key.</param>
    /// <param name="timeout">As for the constructor.</param>
    /// <param name="cancellationToken">Stops the wait for the connection; a connection made after it is closed.</param>
    public static async ValueTask<RedisQueueSubscriber> ConnectAsync(string host, int port, string topic, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        new(await RedisBroker.ConnectAsync(host, port, "queue-subscriber", cancellationToken).ConfigureAwait(false), topic, timeout);

    /// <summary>How long each <c>BLPOP</c> of this subscriber waits; <see cref="PollInterval"/> unless a test sets it.</summary>
    internal TimeSpan RoundLength { get; init; } = PollInterval;

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
            if (Current(start) is not { } round)
            {
                return null;
            }

            cancellationToken.ThrowIfCancellationRequested();
            byte[]? message;
            try
            {
                // Waits on the round's task, not in a blocking call, so that a cancellation ends the wait at once.
                message = round.WaitAsync(cancellationToken).GetAwaiter().GetResult();
            }
            catch (Exception e) when (Ended(round, e, cancellationToken))
            {
                return null;
            }

            if (Take(round, message) is { } taken)
            {
                return taken;
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="TimeoutException">No message came within the timeout given at construction.</exception>
    /// <remarks>Returns <see langword="null"/> once the subscriber is disposed.</remarks>
    public async ValueTask<byte[]?> NextMessageAsync(CancellationToken cancellationToken = default)
    {
        long start = Environment.TickCount64;
        while (true)
        {
            if (Current(start) is not { } round)
            {
                return null;
            }

            cancellationToken.ThrowIfCancellationRequested();
            byte[]? message;
            try
            {
                message = await round.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (Ended(round, e, cancellationToken))
            {
                return null;
            }

            if (Take(round, message) is { } taken)
            {
                return taken;
            }
        }
    }

    /// <summary>The round under way, or a new one; null once the subscriber is disposed.</summary>
    /// <exception cref="TimeoutException">No round is under way and the timeout has passed.</exception>
    private Task<byte[]?>? Current(long start)
    {
        lock (_gate)
        {
            if (Volatile.Read(ref _disposed) == 1)
            {
                return null;
            }

            return _round ??= _database.ExecuteAsync("BLPOP", Topic, Round(start))
                .ContinueWith(static popped => Popped(popped.GetAwaiter().GetResult()), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// What a wait gets from <paramref name="round"/>, which completed with <paramref name="message"/>:
    /// the message if no other wait took it first (the round is done with either way), else null.
    /// </summary>
    private byte[]? Take(Task<byte[]?> round, byte[]? message)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_round, round))
            {
                return null;
            }

            _round = null;
            return message;
        }
    }

    /// <summary>
    /// An exception filter for a wait on <paramref name="round"/>: true when the subscriber was
    /// disposed (the wait returns null). A cancellation of the wait leaves the round for the next
    /// wait; a round that failed is forgotten, so the next wait pops again.
    /// </summary>
    private bool Ended(Task<byte[]?> round, Exception e, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) == 1)
        {
            return true;
        }

        if (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested && !round.IsCompleted))
        {
            lock (_gate)
            {
                if (ReferenceEquals(_round, round))
                {
                    _round = null;
                }
            }
        }

        return false;
    }

    /// <summary>The seconds the next <c>BLPOP</c> may wait, or a <see cref="TimeoutException"/> when the timeout has passed.</summary>
    private double Round(long start)
    {
        double wait = RoundLength.TotalSeconds;
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

    /// <summary>Ends the waits under way (they return <see langword="null"/>) and closes the connection. Idempotent.</summary>
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

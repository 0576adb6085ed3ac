using BenchmarkDotNet.Attributes;
using ProxyStore;
using ProxyStore.Connectors;
using ProxyStore.Streams;
using StackExchange.Redis;

/// <summary>
/// Stream throughput over Redis (issue 18): a producer sends byte arrays to a topic and a
/// consumer in the same process reads every one back in full, with the events through Redis
/// pub/sub or a Redis queue and the data through a Redis store or a shared-memory store (the
/// event holds a key) or inline in the event. One operation is one item, so items/s is 1 / mean and MB/s is the
/// item size / mean. Runs only when <c>PROXYSTORE_TEST_REDIS</c> names a server.
/// </summary>
/// <remarks>
/// Inline items of 10 MB and more go beyond Redis's default pub/sub output buffer limit
/// (32 MB), which disconnects the subscriber; the setup lifts that limit on the benchmark's
/// server (<c>CONFIG SET client-output-buffer-limit "pubsub 0 0 0"</c>), so run it on a server of its own.
/// </remarks>
[MemoryDiagnoser]
public class StreamThroughputBenchmarks
{
    private const int KiB = 1024;
    private const int MiB = 1024 * 1024;

    private Store? _store;
    private StreamProducer<byte[]> _producer = null!;
    private StreamConsumer<byte[]> _consumer = null!;
    private byte[] _item = null!;
    private byte[] _buffer = null!;
    private string _topic = null!;

    /// <summary>The size of one item; smoke mode uses the two smaller ones.</summary>
    [ParamsSource(nameof(Sizes))]
    public int ItemBytes { get; set; }

    /// <summary>Redis pub/sub or a Redis queue for the events.</summary>
    [Params("pubsub", "queue")]
    public string Broker { get; set; } = "queue";

    /// <summary>
    /// The data through a Redis store, a shared-memory store (the same-host medium: producer and
    /// consumer on one machine), or inline in the events.
    /// </summary>
    [Params("redis", "shared-memory", "inline")]
    public string Data { get; set; } = "redis";

    /// <summary>The item sizes: all four, or those <c>PROXYSTORE_STREAM_SIZES</c> lists (bytes, comma-separated).</summary>
    public static IEnumerable<int> Sizes => BenchmarkMode.Smoke ? [KiB, MiB]
        : Environment.GetEnvironmentVariable("PROXYSTORE_STREAM_SIZES") is { Length: > 0 } sizes
            ? sizes.Split(',').Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture))
            : [KiB, MiB, 10 * MiB, 100 * MiB];

    /// <summary>Items per measured invocation: enough small items to amortize a round trip, few large ones to keep memory in bounds.</summary>
    public int ItemsPerInvocation => ItemBytes switch
    {
        <= KiB => 256,
        <= MiB => 16,
        <= 10 * MiB => 4,
        _ => 2,
    };

    [GlobalSetup]
    public async Task Setup()
    {
        (string host, int port) = RedisBenchmarks.Server() ?? throw new InvalidOperationException($"Set {RedisBenchmarks.Variable}=host:port to run the stream benchmarks.");
        await using (ConnectionMultiplexer admin = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions { EndPoints = { { host, port } }, AllowAdmin = true }))
        {
            await admin.GetServer(host, port).ConfigSetAsync("client-output-buffer-limit", "pubsub 0 0 0");
        }

        _topic = "proxystore-bench-stream:" + Guid.NewGuid().ToString("N")[..8];
        _item = BenchmarkStores.Payload(ItemBytes);
        _buffer = new byte[ItemBytes];
        _store = Data switch
        {
            "redis" => new Store("stream-bench-" + Guid.NewGuid().ToString("N"), RedisConnector.Connect(host, port, new RedisConnectorOptions { KeyPrefix = _topic + ":objects:", Clear = true }), cacheSize: 0, register: true),
            "shared-memory" => new Store("stream-bench-" + Guid.NewGuid().ToString("N"), new SharedMemoryConnector(), cacheSize: 0, register: true),
            _ => null,
        };
        IStreamSubscriber subscriber = Broker == "queue"
            ? await RedisQueueSubscriber.ConnectAsync(host, port, _topic)
            : await RedisSubscriber.ConnectAsync(host, port, _topic);
        IStreamPublisher publisher = Broker == "queue"
            ? await RedisQueuePublisher.ConnectAsync(host, port)
            : await RedisPublisher.ConnectAsync(host, port);
        _consumer = new StreamConsumer<byte[]>(subscriber);
        _producer = new StreamProducer<byte[]>(publisher, stores: new Dictionary<string, Store?> { [_topic] = _store });
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _producer.DisposeAsync();
        await _consumer.DisposeAsync();
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    /// <summary>Sends <see cref="ItemsPerInvocation"/> items and waits until the consumer has read each one in full.</summary>
    [Benchmark]
    public Task<long> SendAndReceive() => SendAndAwait(async () => (await _consumer.NextObjectAsync()).Length);

    /// <summary>
    /// <see cref="SendAndReceive"/> with the consumer reading every item into one buffer of its
    /// own (<c>NextObjectIntoAsync</c>) in place of a new array per item.
    /// </summary>
    [Benchmark]
    public Task<long> SendAndReceiveInto() => SendAndAwait(async () => await _consumer.NextObjectIntoAsync<byte>(_buffer));

    // Sends the items while the consumer reads them one by one with readOne (which returns an item's length).
    private async Task<long> SendAndAwait(Func<Task<int>> readOne)
    {
        int count = ItemsPerInvocation;
        Task<long> received = ReceiveAsync(count, readOne);
        for (int i = 0; i < count; i++)
        {
            await _producer.SendAsync(_topic, _item, evict: true);
        }

        long bytes = await received;
        return bytes == (long)count * _item.Length ? bytes : throw new InvalidOperationException($"The consumer read {bytes} bytes of {(long)count * _item.Length}.");
    }

    private static async Task<long> ReceiveAsync(int count, Func<Task<int>> readOne)
    {
        long bytes = 0;
        for (int i = 0; i < count; i++)
        {
            bytes += await readOne();
        }

        return bytes;
    }
}

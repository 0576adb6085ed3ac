using System.Globalization;
using BenchmarkDotNet.Attributes;
using ProxyStore;
using ProxyStore.Connectors;
using StackExchange.Redis;

/// <summary>
/// <c>Store.Get</c> of a 1 KiB object on a Redis server (no cache, so every get goes to the
/// server) against a raw StackExchange.Redis <c>StringGet</c> of the same key, through the
/// same connection. Runs only when <c>PROXYSTORE_TEST_REDIS=host:port</c> names a server;
/// <c>Program</c> leaves the class out, and says so, when it is not set.
/// </summary>
[MemoryDiagnoser]
public class RedisBenchmarks
{
    public const string Variable = "PROXYSTORE_TEST_REDIS";

    private Store _store = null!;
    private StoreKey _key = null!;
    private IDatabase _database = null!;
    private RedisKey _redisKey;

    [Params(false, true)]
    public bool Metrics { get; set; }

    /// <summary>The server named by <see cref="Variable"/>, or null when it is not set.</summary>
    public static (string Host, int Port)? Server()
    {
        string? value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        int colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port))
        {
            throw new InvalidOperationException($"{Variable} must be host:port, not '{value}'.");
        }

        return (value[..colon], port);
    }

    [GlobalSetup]
    public void Setup()
    {
        (string host, int port) = Server() ?? throw new InvalidOperationException($"Set {Variable}=host:port to run the Redis benchmarks.");
        var connector = RedisConnector.Connect(host, port, new RedisConnectorOptions { KeyPrefix = "proxystore-bench:" + Guid.NewGuid().ToString("N")[..8] + ":", Clear = true });
        _store = new Store("redis-" + Guid.NewGuid().ToString("N"), connector, cacheSize: 0, metrics: Metrics, register: true);
        byte[] payload = BenchmarkStores.Payload(1024);
        _key = _store.Put(payload);

        // The raw side reads the very bytes the store wrote, on the connector's own multiplexer.
        _database = connector.Multiplexer.GetDatabase(connector.Database);
        _redisKey = connector.RedisKeyOf(_key);
        byte[] raw = (byte[]?)_database.StringGet(_redisKey) ?? throw new InvalidOperationException("The raw get found nothing.");
        byte[] got = _store.Get<byte[]>(_key) ?? throw new InvalidOperationException("The store get found nothing.");
        // Stored: the store's 16-byte frame, the serializer's tag byte, then the payload.
        if (!got.AsSpan().SequenceEqual(payload) || raw.Length != StoredFrame.HeaderSize + 1 + payload.Length)
        {
            throw new InvalidOperationException("The store and the raw get disagree about the stored bytes.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    [Benchmark(Baseline = true)]
    public byte[]? RawStringGet() => (byte[]?)_database.StringGet(_redisKey);

    [Benchmark]
    public byte[]? ConnectorGet() => _store.Connector.Get(_key);

    [Benchmark]
    public byte[]? StoreGet() => _store.Get<byte[]>(_key);
}

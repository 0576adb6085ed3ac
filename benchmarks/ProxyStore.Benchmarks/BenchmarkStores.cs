using ProxyStore;
using ProxyStore.Connectors;

/// <summary>The connectors the store benchmarks compare.</summary>
public enum ConnectorKind
{
    Local,
    File,
    SharedMemory,

    /// <summary>A Redis server named by <c>PROXYSTORE_TEST_REDIS</c>; benchmarks offer it only when that is set.</summary>
    Redis,
}

/// <summary>Creates stores for benchmarks and cleans up after them.</summary>
internal static class BenchmarkStores
{
    public static Store Create(ConnectorKind kind, bool metrics, int cacheSize = Store.DefaultCacheSize, bool register = true)
    {
        IConnector connector = kind switch
        {
            ConnectorKind.Local => new LocalConnector(),
            ConnectorKind.SharedMemory => new SharedMemoryConnector(),
            ConnectorKind.Redis => Redis(),
            _ => new FileConnector(Path.Combine(Path.GetTempPath(), "proxystore-bench-" + Guid.NewGuid().ToString("N"))),
        };
        return new Store("bench-" + Guid.NewGuid().ToString("N"), connector, cacheSize: cacheSize, metrics: metrics, register: register);
    }

    private static RedisConnector Redis()
    {
        (string host, int port) = RedisBenchmarks.Server() ?? throw new InvalidOperationException($"Set {RedisBenchmarks.Variable}=host:port to run the Redis cases.");
        return new RedisConnector(host, port, new RedisConnectorOptions { KeyPrefix = "proxystore-bench:" + Guid.NewGuid().ToString("N")[..8] + ":", Clear = true });
    }

    public static byte[] Payload(int size)
    {
        var data = new byte[size];
        new Random(42).NextBytes(data);
        return data;
    }
}

using ProxyStore;
using ProxyStore.Connectors;

/// <summary>The connectors the store benchmarks compare.</summary>
public enum ConnectorKind
{
    Local,
    File,
    SharedMemory,
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
            _ => new FileConnector(Path.Combine(Path.GetTempPath(), "proxystore-bench-" + Guid.NewGuid().ToString("N"))),
        };
        return new Store("bench-" + Guid.NewGuid().ToString("N"), connector, cacheSize: cacheSize, metrics: metrics, register: register);
    }

    public static byte[] Payload(int size)
    {
        var data = new byte[size];
        new Random(42).NextBytes(data);
        return data;
    }
}

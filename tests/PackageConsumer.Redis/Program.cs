// Uses ProxyStore.Redis from its package, and prints what the package tests check.
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ProxyStore;
using ProxyStore.Connectors;

Consumer.RecreateFromConfig(args.Length > 0 ? args[0] : null);
Consumer.UseTypes();

internal static class Consumer
{
    // A config naming the redis kind, before this program touches any Redis type, as a process
    // that only receives a reference would: the core loads ProxyStore.Redis by name, whose module
    // initializer registers the kind. With no server named, the address is one where nothing
    // listens, and the connect fails with the Redis connector's own exception. No Redis type
    // appears in this method, so compiling it loads no Redis assembly.
    public static void RecreateFromConfig(string? server)
    {
        int colon = server?.LastIndexOf(':') ?? -1;
        string host = server is null ? "127.0.0.1" : server[..colon];
        int port = server is null ? 1 : int.Parse(server[(colon + 1)..], CultureInfo.InvariantCulture);
        Console.WriteLine($"redis-loaded-before: {AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "ProxyStore.Redis")}");
        using JsonDocument options = JsonDocument.Parse($$"""{ "host": "{{host}}", "port": {{port}}, "keyPrefix": "package-consumer-redis:", "connectTimeoutMs": 2000 }""");
        try
        {
            IConnector connector = new ConnectorConfig("redis", options.RootElement).CreateConnector();
            Console.WriteLine($"kind-created: {connector.GetType().Name}");
            using var store = new Store("package-redis", connector, register: true);
            StoreKey key = store.Put("stored in redis");
            Console.WriteLine($"redis-get: {store.Get<string>(key)}");
            store.Evict(key);
            Console.WriteLine($"redis-evicted: {!store.Exists(key)}");
        }
        catch (Exception e) when (e is not ArgumentException)
        {
            Console.WriteLine($"kind-error-type: {e.GetType().Name}");
        }
    }

    // The public types, in the namespaces they always had.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void UseTypes()
    {
        var settings = new RedisConnectorOptions { KeyPrefix = "package-consumer:" };
        Console.WriteLine($"options-prefix: {settings.KeyPrefix}");
        Console.WriteLine($"default-port: {RedisConnector.DefaultPort}");
        Console.WriteLine($"publisher-type: {typeof(ProxyStore.Streams.RedisPublisher).FullName}");
    }
}

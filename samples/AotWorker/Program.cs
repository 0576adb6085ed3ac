// A NativeAOT worker: a put and a get, a generated proxy with metrics, and a Redis round trip,
// with JSON from a source-generated context and proxies from the [Proxiable] generator, so
// nothing needs reflection or run-time code. Redis: pass host:port or set PROXYSTORE_REDIS.
using AotWorker;
using ProxyStore;
using ProxyStore.Connectors;

using var store = new Store("aot-local", new LocalConnector(), new ContextSerializer(), metrics: true, register: true);

StoreKey key = store.Put(new Report("put", [1, 2, 3]));
Report read = store.Get<Report>(key) ?? throw new InvalidOperationException($"Key {key} vanished from store {store.Name}.");
Console.WriteLine($"put and get: {read.Title} mean {read.Mean()}");

IReport report = store.Proxy<IReport>(new Report("proxied", [.. Enumerable.Range(1, 100).Select(i => (double)i)]));
Console.WriteLine($"proxy ({report.GetType().Name}): {report.Title} mean {report.Mean()}");
Console.WriteLine(MetricsTable.Format(store.Metrics!.GetMetrics(report)!));

string? redis = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("PROXYSTORE_REDIS");
if (string.IsNullOrWhiteSpace(redis))
{
    Console.WriteLine("redis: skipped (no address: pass host:port as the first argument or set PROXYSTORE_REDIS)");
    return;
}

int colon = redis.LastIndexOf(':');
if (colon <= 0 || !int.TryParse(redis.AsSpan(colon + 1), out int port))
{
    throw new ArgumentException($"The Redis address '{redis}' is not host:port.", nameof(args));
}

using var remote = new Store("aot-redis", RedisConnector.Connect(redis[..colon], port), new ContextSerializer(), register: true);
StoreKey remoteKey = remote.Put(new Report("redis", [4, 5, 6]));
try
{
    Report back = remote.Get<Report>(remoteKey) ?? throw new InvalidOperationException($"Key {remoteKey} vanished from Redis at {redis}.");
    Console.WriteLine($"redis round trip: {back.Title} mean {back.Mean()}");
}
finally
{
    remote.Evict(remoteKey);
}

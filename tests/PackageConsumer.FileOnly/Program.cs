// A file-only application: the ProxyStore package alone, and what the package tests check.
using System.Text.Json;
using ProxyStore;
using ProxyStore.Connectors;

string directory = Path.Combine(Path.GetTempPath(), "proxystore-file-only-" + Guid.NewGuid().ToString("N"));
using (var store = new Store("package-file-only", new FileConnector(directory), register: true))
{
    StoreKey key = store.Put("stored in a file");
    Console.WriteLine($"file-get: {store.Get<string>(key)}");
}

Console.WriteLine($"directory-cleared: {!Directory.Exists(directory)}");

// A config naming the redis kind, as a reference from a Redis store would: without the
// ProxyStore.Redis package, the message says which package to reference.
using JsonDocument options = JsonDocument.Parse("""{ "host": "127.0.0.1", "port": 6379 }""");
try
{
    new ConnectorConfig("redis", options.RootElement).CreateConnector().Close();
    Console.WriteLine("redis-kind: created");
}
catch (ArgumentException e)
{
    Console.WriteLine($"redis-kind-error: {e.Message.ReplaceLineEndings(" ")}");
}

Console.WriteLine($"redis-assemblies-loaded: {AppDomain.CurrentDomain.GetAssemblies().Count(a => a.GetName().Name!.Contains("Redis", StringComparison.OrdinalIgnoreCase))}");

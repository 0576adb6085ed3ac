// The Performance Tracking guide's example: a FileConnector store with metrics,
// a put and two gets, a proxy resolved, a batch, and the times aggregated over all keys.
using ProxyStore;
using ProxyStore.Connectors;

string directory = Path.Combine(Path.GetTempPath(), "proxystore-dump-" + Guid.NewGuid().ToString("N"));
using var store = new Store("example-store", new FileConnector(directory), metrics: true, register: true);

StoreKey key = store.Put(new List<int> { 0, 1, 2, 3, 4, 5 });
store.Get<List<int>>(key);
Print("After a put and a get", MetricsTable.Format(store.Metrics!.GetMetrics(key)!));

store.Get<List<int>>(key);
Print("After a second get (a cache hit)", MetricsTable.Format(store.Metrics.GetMetrics(key)!));

IList<int> proxy = store.Proxy<IList<int>>(new List<int> { 0, 1, 2, 3, 4, 5 });
Console.WriteLine($"proxy[0] = {proxy[0]}, resolved on first use: {Proxies.IsResolved(proxy)}");
Print("A proxy, resolved on first use", MetricsTable.Format(store.Metrics.GetMetrics(proxy)!));

IReadOnlyList<StoreKey> keys = store.PutBatch(["value1", "value2", "value3"]);
Print("A batch, recorded as one super key", MetricsTable.Format(store.Metrics.GetMetrics(keys)!));

Print("Times aggregated over all keys", MetricsTable.Format(store.Metrics.AggregateTimes()));

static void Print(string title, string table)
{
    Console.WriteLine($"== {title}");
    Console.WriteLine(table);
}

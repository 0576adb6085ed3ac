// The Performance Tracking guide's example: a FileConnector store with metrics,
// a put and two gets, a proxy resolved, a batch, and the times aggregated over all keys.
using ProxyStore;
using ProxyStore.Connectors;

string directory = Path.Combine(Path.GetTempPath(), "proxystore-dump-" + Guid.NewGuid().ToString("N"));
using var store = new Store("example-store", new FileConnector(directory), metrics: true, register: true);

StoreKey key = store.Put(new List<int> { 0, 1, 2, 3, 4, 5 });
store.Get<List<int>>(key);
MetricsPrinter.Print("After a put and a get", store.Metrics!.GetMetrics(key)!);

store.Get<List<int>>(key);
MetricsPrinter.Print("After a second get (a cache hit)", store.Metrics.GetMetrics(key)!);

IList<int> proxy = store.Proxy<IList<int>>(new List<int> { 0, 1, 2, 3, 4, 5 });
Console.WriteLine($"proxy[0] = {proxy[0]} (resolved: {Proxies.IsResolved(proxy)})");
MetricsPrinter.Print("A proxy, resolved on first use", store.Metrics.GetMetrics(proxy)!);

IReadOnlyList<StoreKey> keys = store.PutBatch(["value1", "value2", "value3"]);
MetricsPrinter.Print("A batch, recorded as one super key", store.Metrics.GetMetrics(keys)!);

MetricsPrinter.PrintTimes("Times aggregated over all keys", store.Metrics.AggregateTimes());

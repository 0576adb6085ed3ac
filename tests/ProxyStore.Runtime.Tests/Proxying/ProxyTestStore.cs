using ProxyStore.Connectors;

namespace ProxyStore.Tests.Proxying;

/// <summary>A registered, metrics-enabled store with a unique name, disposed with the test.</summary>
internal sealed class ProxyTestStore : IDisposable
{
    public ProxyTestStore(bool register = true, bool metrics = true, IConnector? connector = null, int cacheSize = Store.DefaultCacheSize, string? name = null)
    {
        Store = new Store(name ?? "proxy-test-" + Guid.NewGuid().ToString("N"), connector ?? new LocalConnector(), metrics: metrics, register: register, cacheSize: cacheSize);
    }

    public Store Store { get; }

    public static Dataset SampleData(string name = "sample", int count = 6) => new(name, Enumerable.Range(0, count).ToArray());

    public void Dispose()
    {
        // A proxy resolved through an unregistered store registers a second instance; drop it too.
        if (StoreRegistry.Get(Store.Name) is { } registered && !ReferenceEquals(registered, Store))
        {
            StoreRegistry.Unregister(Store.Name);
            registered.Dispose();
        }

        Store.Dispose();
    }
}

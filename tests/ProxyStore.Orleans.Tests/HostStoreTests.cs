using ProxyStore.Connectors;

namespace ProxyStore.Orleans.Tests;

/// <summary>The stores a silo or client makes from the configs it was given (no cluster needed).</summary>
public sealed class HostStoreTests
{
    [Fact]
    public async Task A_store_made_from_a_config_stays_registered_when_the_first_proxy_resolved_through_it_fails()
    {
        var config = new StoreConfig { Name = $"host-made-{Guid.NewGuid():N}", Connector = new LocalConnector().GetConfig() };
        var options = new ProxyStoreOrleansOptions();
        options.AddStore(config);
        var stores = new ProxyStoreStores(options);
        await stores.StartAsync(CancellationToken.None);
        Store store = stores.CallStore;
        try
        {
            IReadOnlyList<byte> proxy = store.Proxy<IReadOnlyList<byte>>(new byte[] { 1, 2, 3 });
            store.Evict(Proxies.GetKey(proxy));

            Assert.Throws<ProxyResolveException>(() => proxy.Count);

            // Still the registered store, so proxies arriving later resolve through it and the call filters keep working.
            Assert.Same(store, StoreRegistry.Get(config.Name));
            Assert.Same(store, stores.CallStore);
        }
        finally
        {
            store.Dispose();
        }
    }
}

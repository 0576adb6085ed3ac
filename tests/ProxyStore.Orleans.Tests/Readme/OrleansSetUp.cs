using Orleans.Hosting;
using ProxyStore;
using ProxyStore.Orleans;

public static class OrleansSetUp
{
    public static void Configure(ISiloBuilder silo, IClientBuilder client, Store store)
    {
        silo.AddProxyStore(options => { options.AddStore(store); options.Policy = new ProxyLargerThan(1 << 20); });
        client.AddProxyStore(options => { options.AddStore(store); options.Policy = new ProxyLargerThan(1 << 20); });
    }
}

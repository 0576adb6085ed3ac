namespace ProxyStore.Tests.Proxying;

// Ports ProxyStore's tests/store/utils_test.py and the proxy helpers.
public sealed class ProxiesUtilityTests : IDisposable
{
    private readonly ProxyTestStore _fixture = new();

    private Store Store => _fixture.Store;

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void GetKey_and_GetFactory_describe_the_proxy_without_resolving_it()
    {
        StoreKey key = Store.Put(ProxyTestStore.SampleData());
        IDataset proxy = Store.ProxyFromKey<IDataset>(key, evict: true);

        var factory = Assert.IsType<StoreFactory<IDataset>>(Proxies.GetFactory(proxy));

        Assert.Equal(key, Proxies.GetKey(proxy));
        Assert.Equal(key, factory.Key);
        Assert.True(factory.Evict);
        Assert.Equal(Store.Name, factory.StoreConfig.Name);
        Assert.Equal(typeof(IDataset), factory.TargetType);
        Assert.False(Proxies.IsResolved(proxy));
    }

    [Fact]
    public void Resolve_resolves_and_Extract_returns_the_target()
    {
        Dataset data = ProxyTestStore.SampleData();
        IDataset proxy = Store.Proxy<IDataset>(data);

        Proxies.Resolve(proxy);

        Assert.True(Proxies.IsResolved(proxy));
        IDataset target = Proxies.Extract(proxy);
        Assert.IsType<Dataset>(target);
        Assert.Equal(data, target);
    }

    [Fact]
    public async Task ResolveAsync_resolves_the_proxy_once_so_first_use_fetches_nothing()
    {
        IDataset proxy = Store.Proxy<IDataset>(ProxyTestStore.SampleData());
        StoreKey key = Proxies.GetKey(proxy);

        await Proxies.ResolveAsync(proxy);
        Assert.True(Proxies.IsResolved(proxy));
        Assert.Equal(1, Store.Metrics!.GetMetrics(key)!.Times[MetricNames.FactoryResolve].Count);
        Assert.Equal(1, Store.Metrics.GetMetrics(key)!.Times[MetricNames.FactoryCall].Count);

        Assert.Equal(15, proxy.Sum());

        Metrics metrics = Store.Metrics.GetMetrics(key)!;
        Assert.Equal(1, metrics.Times[MetricNames.FactoryResolve].Count);
        Assert.Equal(1, metrics.Times[MetricNames.FactoryCall].Count);
        Assert.Equal(1, metrics.Counters[MetricNames.GetCacheMisses]);
    }

    [Fact]
    public void Values_that_are_not_proxies_are_told_apart()
    {
        var plain = new List<int> { 1 };

        Assert.False(Proxies.IsProxy(plain));
        Assert.True(Proxies.IsProxy(Store.Proxy<IList<int>>(plain)));
        Assert.Same(plain, Proxies.Extract(plain));
        Assert.Null(Proxies.TryGetKey(plain));
        var error = Assert.Throws<ArgumentException>(() => Proxies.IsResolved(plain));
        Assert.Contains("List", error.Message);
        Assert.Throws<ArgumentException>(() => Proxies.GetKey(plain));
    }
}

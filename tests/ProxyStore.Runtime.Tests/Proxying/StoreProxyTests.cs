using ProxyStore.Connectors;

namespace ProxyStore.Tests.Proxying;

// Ports ProxyStore's tests/store/store_proxy_test.py to the C# API.
public sealed class StoreProxyTests : IDisposable
{
    private readonly ProxyTestStore _fixture = new();

    private Store Store => _fixture.Store;

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Proxy_is_unresolved_until_first_use_and_then_forwards_to_the_target()
    {
        Dataset data = ProxyTestStore.SampleData();

        IDataset proxy = Store.Proxy<IDataset>(data);

        Assert.False(Proxies.IsResolved(proxy));
        Assert.Equal(15, proxy.Sum());
        Assert.True(Proxies.IsResolved(proxy));
        Assert.Equal("sample", proxy.Name);
        Assert.Equal(data.Values, proxy.Values);
        Assert.Equal(data, Store.Get<IDataset>(Proxies.GetKey(proxy)));
    }

    [Fact]
    public void Populate_target_returns_a_proxy_that_is_resolved_to_the_given_object()
    {
        Dataset data = ProxyTestStore.SampleData();

        IDataset proxy = Store.Proxy<IDataset>(data, populateTarget: true);

        Assert.True(Proxies.IsResolved(proxy));
        Assert.Same(data, Proxies.Extract(proxy));
        Assert.True(Store.Exists(Proxies.GetKey(proxy)));
    }

    [Fact]
    public void Store_wide_populate_target_is_the_default_and_can_be_overridden_per_proxy()
    {
        using var store = new Store("populate-" + Guid.NewGuid().ToString("N"), new LocalConnector(), populateTarget: true, register: true);

        Assert.True(Proxies.IsResolved(store.Proxy<IDataset>(ProxyTestStore.SampleData())));
        Assert.False(Proxies.IsResolved(store.Proxy<IDataset>(ProxyTestStore.SampleData(), populateTarget: false)));
        Assert.True(store.ToConfig().PopulateTarget);
    }

    [Fact]
    public void Proxy_from_key_resolves_the_stored_object()
    {
        StoreKey key = Store.Put(ProxyTestStore.SampleData("from-key"));

        IDataset proxy = Store.ProxyFromKey<IDataset>(key);

        Assert.False(Proxies.IsResolved(proxy));
        Assert.Equal("from-key", proxy.Name);
        Assert.Equal(key, Proxies.GetKey(proxy));
    }

    [Fact]
    public void Evict_removes_the_object_from_the_store_once_the_proxy_resolves()
    {
        IDataset proxy = Store.Proxy<IDataset>(ProxyTestStore.SampleData(), evict: true);
        StoreKey key = Proxies.GetKey(proxy);
        Assert.True(Store.Exists(key));

        Assert.Equal(15, proxy.Sum());

        Assert.False(Store.Exists(key));
        Assert.Equal(15, proxy.Sum());
    }

    [Fact]
    public void Missing_key_fails_with_ProxyResolveException_naming_key_and_store()
    {
        IDataset proxy = Store.Proxy<IDataset>(ProxyTestStore.SampleData());
        StoreKey key = Proxies.GetKey(proxy);
        Store.Evict(key);

        var error = Assert.Throws<ProxyResolveException>(() => proxy.Sum());

        Assert.Equal(key, error.Key);
        Assert.Equal(Store.Name, error.StoreName);
        Assert.Contains(key.ToString(), error.Message);
        Assert.Contains(Store.Name, error.Message);
        Assert.False(Proxies.IsResolved(proxy));

        IDataset fromKey = Store.ProxyFromKey<IDataset>(key);
        Assert.Throws<ProxyResolveException>(() => Proxies.Resolve(fromKey));
    }

    [Fact]
    public void A_failed_resolution_is_retried_on_the_next_use()
    {
        string directory = Path.Combine(Path.GetTempPath(), "proxystore-retry-" + Guid.NewGuid().ToString("N"));
        using var store = new Store("retry-" + Guid.NewGuid().ToString("N"), new FileConnector(directory), register: true);
        IDataset proxy = store.Proxy<IDataset>(ProxyTestStore.SampleData());
        string file = Path.Combine(directory, Proxies.GetKey(proxy).Id);
        File.Move(file, file + "-away");

        Assert.Throws<ProxyResolveException>(() => proxy.Sum());

        File.Move(file + "-away", file);
        Assert.Equal(15, proxy.Sum());
        Assert.True(Proxies.IsResolved(proxy));
    }

    [Fact]
    public void A_stored_null_cannot_be_the_target_of_a_proxy()
    {
        StoreKey key = Store.Put(null);
        IDataset proxy = Store.ProxyFromKey<IDataset>(key);

        var error = Assert.Throws<ProxyResolveException>(() => proxy.Sum());

        Assert.Contains("null", error.Message);
    }

    [Fact]
    public void A_stored_object_of_another_type_fails_resolution_with_the_cast_error_inside()
    {
        StoreKey key = Store.Put("just a string");
        IDataset proxy = Store.ProxyFromKey<IDataset>(key);

        var error = Assert.Throws<ProxyResolveException>(() => proxy.Sum());

        Assert.IsType<InvalidCastException>(error.InnerException);
        Assert.Contains(key.ToString(), error.Message);
    }

    [Fact]
    public void Proxy_batch_returns_proxies_in_order()
    {
        Dataset[] data = [ProxyTestStore.SampleData("a", 2), ProxyTestStore.SampleData("b", 3), ProxyTestStore.SampleData("c", 4)];

        IReadOnlyList<IDataset> proxies = Store.ProxyBatch<IDataset>(data);

        Assert.Equal(3, proxies.Count);
        Assert.All(proxies, p => Assert.False(Proxies.IsResolved(p)));
        Assert.Equal(["a", "b", "c"], proxies.Select(p => p.Name));
        Assert.Equal([1, 3, 6], proxies.Select(p => p.Sum()));
    }

    [Fact]
    public void Proxy_batch_rejects_a_null_item_before_storing_anything()
    {
        using var store = new Store("batch-null-" + Guid.NewGuid().ToString("N"), new LocalConnector(), metrics: true);

        var error = Assert.Throws<ArgumentException>(() => store.ProxyBatch<IDataset>([ProxyTestStore.SampleData(), null!]));

        Assert.Contains("Item 1", error.Message);
        Assert.Empty(store.Metrics!.AggregateTimes());
    }

    [Fact]
    public void A_factory_recreates_and_registers_the_store_when_none_is_registered()
    {
        using var store = new Store("recreate-" + Guid.NewGuid().ToString("N"), new LocalConnector());
        StoreKey key = store.Put(ProxyTestStore.SampleData());
        var factory = new StoreFactory<IDataset>(key, store.ToConfig());
        Assert.Null(StoreRegistry.Get(store.Name));

        IDataset resolved = factory.Call();

        Store? recreated = StoreRegistry.Get(store.Name);
        try
        {
            Assert.Equal(15, resolved.Sum());
            Assert.NotNull(recreated);
            Assert.NotSame(store, recreated);
            Assert.Equal(store.ToConfig(), recreated.ToConfig());
        }
        finally
        {
            StoreRegistry.Unregister(store.Name);
            recreated?.Dispose();
        }
    }

    [Fact]
    public async Task A_prefetched_factory_hands_its_result_to_the_next_call()
    {
        StoreKey key = Store.Put(ProxyTestStore.SampleData());
        var factory = new StoreFactory<IDataset>(key, Store.ToConfig());

        await factory.PrefetchAsync();
        IDataset first = factory.Call();
        IDataset second = factory.Call();

        Assert.Equal(15, first.Sum());
        Assert.Equal(15, second.Sum());
        Assert.Equal(2, Store.Metrics!.GetMetrics(key)!.Times[MetricNames.FactoryResolve].Count);
    }

    [Fact]
    public void Proxy_of_a_sealed_class_is_refused_before_anything_is_stored()
    {
        var error = Assert.Throws<NonProxiableTypeException>(() => Store.Proxy(new SealedThing { Value = 1 }));

        Assert.Equal(typeof(SealedThing), error.ProxiedType);
        Assert.Contains(nameof(SealedThing), error.Message);
        Assert.Contains("sealed", error.Message);
        Assert.Empty(Store.Metrics!.AggregateTimes());
    }

    [Fact]
    public void Proxy_of_a_class_with_non_virtual_members_names_those_members()
    {
        var error = Assert.Throws<NonProxiableTypeException>(() => Store.Proxy(new NonVirtualThing { Value = 2 }));

        // Named as in source: the property, not its accessors.
        Assert.Contains("members Value are not virtual", error.Message);
        Assert.DoesNotContain("get_Value", error.Message);
        Assert.DoesNotContain("Twice", error.Message);
    }

    [Fact]
    public void Proxy_of_a_string_is_refused()
    {
        Assert.Throws<NonProxiableTypeException>(() => Store.Proxy("text"));
        Assert.Throws<NonProxiableTypeException>(() => Store.ProxyFromKey<string>(Store.Put("text")));
    }
}

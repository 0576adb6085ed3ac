using System.Diagnostics;
using ProxyStore.Connectors;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Proxying;

/// <summary>
/// Issue 13, item 5: nothing is lost between a proxy's resolution and the recording of its
/// <c>factory.call</c>. The target is kept even when recording fails (an evicting resolution
/// cannot be repeated), and both factory metrics land in the store instance that resolved,
/// whatever the registry does meanwhile. Runtime (Castle) proxies; the generated proxies have
/// the same tests in ProxyStore.Generators.Tests.
/// </summary>
public sealed class ResolutionSeamTests : IDisposable
{
    private readonly List<Store> _stores = [];

    public void Dispose()
    {
        foreach (Store store in _stores)
        {
            StoreRegistry.Unregister(store.Name);
            store.Dispose();
        }
    }

    private Store NewStore(string name, bool register)
    {
        var store = new Store(name, new LocalConnector(), metrics: true, register: register);
        _stores.Add(store);
        return store;
    }

    [Fact]
    public void A_failed_factory_call_reaches_the_caller_but_the_evicted_target_is_kept()
    {
        Store store = NewStore(UniqueNames.Store("seam-fail"), register: true);
        StoreKey key = store.Put(ProxyTestStore.SampleData());
        var factory = new SeamFactory<IDataset>(new StoreFactory<IDataset>(key, store.ToConfig(), evict: true)) { FailRecording = true };
        IDataset proxy = ProxyBuilder.Create(factory);

        Assert.Throws<RecordingFailedException>(() => proxy.Sum());

        Assert.True(Proxies.IsResolved(proxy));
        Assert.False(store.Exists(key));
        Assert.Equal(15, proxy.Sum());
        Assert.Equal("sample", proxy.Name);
        Assert.Equal(1, factory.Resolutions);
        Metrics metrics = store.Metrics!.GetMetrics(key)!;
        Assert.Equal(1, metrics.Times[MetricNames.Get].Count);
        Assert.Equal(1, metrics.Times[MetricNames.FactoryResolve].Count);
        Assert.False(metrics.Times.ContainsKey(MetricNames.FactoryCall));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_store_unregistered_and_disposed_between_resolve_and_record_keeps_the_target_and_both_metrics(bool prefetch)
    {
        string name = UniqueNames.Store("seam-disposed");
        Store store = NewStore(name, register: true);
        StoreKey key = store.Put(ProxyTestStore.SampleData());
        var factory = new SeamFactory<IDataset>(new StoreFactory<IDataset>(key, store.ToConfig(), evict: true))
        {
            AfterResolve = () =>
            {
                StoreRegistry.Unregister(name);
                store.Dispose();
            },
        };
        IDataset proxy = ProxyBuilder.Create(factory);

        if (prefetch)
        {
            await Proxies.ResolveAsync(proxy);
        }

        Assert.Equal(15, proxy.Sum());

        Assert.True(store.IsDisposed);
        Assert.Null(StoreRegistry.Get(name));
        Assert.Equal(1, factory.Resolutions);
        Metrics metrics = store.Metrics!.GetMetrics(key)!;
        Assert.Equal(1, metrics.Times[MetricNames.FactoryResolve].Count);
        Assert.Equal(1, metrics.Times[MetricNames.FactoryCall].Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Factory_call_lands_in_the_resolving_instance_when_the_registry_replaces_it(bool prefetch)
    {
        string name = UniqueNames.Store("seam-replaced");
        Store original = NewStore(name, register: true);
        Store replacement = NewStore(name, register: false);
        StoreKey key = original.Put(ProxyTestStore.SampleData());
        var factory = new SeamFactory<IDataset>(new StoreFactory<IDataset>(key, original.ToConfig()))
        {
            AfterResolve = () => StoreRegistry.Register(replacement, existOk: true),
        };
        IDataset proxy = ProxyBuilder.Create(factory);

        if (prefetch)
        {
            await Proxies.ResolveAsync(proxy);
        }

        Assert.Equal(15, proxy.Sum());

        Assert.Same(replacement, StoreRegistry.Get(name));
        Metrics metrics = original.Metrics!.GetMetrics(key)!;
        TimeStats call = metrics.Times[MetricNames.FactoryCall];
        TimeStats resolve = metrics.Times[MetricNames.FactoryResolve];
        Assert.Equal(1, call.Count);
        Assert.Equal(1, resolve.Count);
        Assert.True(call.AvgTimeMs >= resolve.AvgTimeMs, $"factory.call {call.AvgTimeMs} < factory.resolve {resolve.AvgTimeMs}");
        Assert.Null(replacement.Metrics!.GetMetrics(key));
    }

    [Fact]
    public void Recording_a_call_without_a_resolution_names_key_and_store()
    {
        Store store = NewStore(UniqueNames.Store("seam-unpaired"), register: true);
        StoreKey key = store.Put("value");
        var factory = new StoreFactory<IDataset>(key, store.ToConfig());

        var e = Assert.Throws<InvalidOperationException>(() => factory.RecordCall(Stopwatch.GetTimestamp()));

        Assert.Contains(key.ToString(), e.Message, StringComparison.Ordinal);
        Assert.Contains(store.Name, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_resolution_of_a_factory_records_one_call_into_the_store_that_resolved_it()
    {
        Store store = NewStore(UniqueNames.Store("seam-twice"), register: true);
        StoreKey key = store.Put(ProxyTestStore.SampleData());
        var factory = new StoreFactory<IDataset>(key, store.ToConfig());

        Assert.Equal(15, factory.Call().Sum());
        Assert.Equal(15, factory.Call().Sum());

        Metrics metrics = store.Metrics!.GetMetrics(key)!;
        Assert.Equal(2, metrics.Times[MetricNames.FactoryResolve].Count);
        Assert.Equal(2, metrics.Times[MetricNames.FactoryCall].Count);
        Assert.Throws<InvalidOperationException>(() => factory.RecordCall(Stopwatch.GetTimestamp()));
    }
}

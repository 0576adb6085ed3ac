using ProxyStore.Generators.Tests.Runtime.Types;
using ProxyStore.Tests.Proxying;

namespace ProxyStore.Generators.Tests.Runtime;

/// <summary>
/// Issue 13, item 5, for generated proxies: the emitted resolution path keeps the target
/// before it records <c>factory.call</c>, so a failure to record never costs a target that an
/// evicting resolution already took from the store; and <c>factory.call</c> lands in the
/// store instance that resolved, whatever the registry does meanwhile.
/// </summary>
public sealed class ResolutionSeamTests
{
    private static SampleModel NewModel() => new() { Name = "seam", Id = "s-1", Items = ["a", "b"] };

    /// <summary>The store factory a real proxy of <paramref name="store"/> would use, evicting on resolution.</summary>
    private static StoreFactory<IModel> EvictingFactory(Store store) =>
        (StoreFactory<IModel>)Proxies.GetFactory(store.Proxy<IModel>(NewModel(), evict: true));

    [Fact]
    public void A_failed_factory_call_reaches_the_caller_but_the_evicted_target_is_kept()
    {
        using Store store = TestStore.Create(nameof(A_failed_factory_call_reaches_the_caller_but_the_evicted_target_is_kept));
        StoreFactory<IModel> inner = EvictingFactory(store);
        var factory = new SeamFactory<IModel>(inner) { FailRecording = true };
        var proxy = new ModelProxy(factory, null);

        Assert.Throws<RecordingFailedException>(() => proxy.Name);

        Assert.True(Proxies.IsResolved(proxy));
        Assert.False(store.Exists(inner.Key));
        Assert.Equal("seam", proxy.Name);
        Assert.Equal(2, proxy.Count);
        Assert.Equal(1, factory.Resolutions);
        Metrics metrics = store.Metrics!.GetMetrics(inner.Key)!;
        Assert.Equal(1, metrics.Times[MetricNames.Get].Count);
        Assert.False(metrics.Times.ContainsKey(MetricNames.FactoryCall));
    }

    [Fact]
    public void A_store_unregistered_and_disposed_between_resolve_and_record_keeps_the_target_and_both_metrics()
    {
        Store store = TestStore.Create(nameof(A_store_unregistered_and_disposed_between_resolve_and_record_keeps_the_target_and_both_metrics));
        StoreFactory<IModel> inner = EvictingFactory(store);
        var factory = new SeamFactory<IModel>(inner)
        {
            AfterResolve = () =>
            {
                StoreRegistry.Unregister(store.Name);
                store.Dispose();
            },
        };
        var proxy = new ModelProxy(factory, null);

        Assert.Equal("seam", proxy.Name);

        Assert.True(store.IsDisposed);
        Assert.Null(StoreRegistry.Get(store.Name));
        Metrics metrics = store.Metrics!.GetMetrics(inner.Key)!;
        Assert.Equal(1, metrics.Times[MetricNames.FactoryResolve].Count);
        Assert.Equal(1, metrics.Times[MetricNames.FactoryCall].Count);
    }

    [Fact]
    public void Factory_call_lands_in_the_resolving_instance_when_the_registry_replaces_it()
    {
        using Store original = TestStore.Create(nameof(Factory_call_lands_in_the_resolving_instance_when_the_registry_replaces_it));
        using var replacement = new Store(original.Name, new ProxyStore.Connectors.LocalConnector(), metrics: true);
        StoreFactory<IModel> inner = EvictingFactory(original);
        var factory = new SeamFactory<IModel>(inner) { AfterResolve = () => StoreRegistry.Register(replacement, existOk: true) };
        var proxy = new ModelProxy(factory, null);

        Assert.Equal("seam", proxy.Name);

        Assert.Same(replacement, StoreRegistry.Get(original.Name));
        Metrics metrics = original.Metrics!.GetMetrics(inner.Key)!;
        Assert.Equal(1, metrics.Times[MetricNames.FactoryResolve].Count);
        Assert.Equal(1, metrics.Times[MetricNames.FactoryCall].Count);
        Assert.Null(replacement.Metrics!.GetMetrics(inner.Key));
    }
}

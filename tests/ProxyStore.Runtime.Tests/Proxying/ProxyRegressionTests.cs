using System.Text.Json;
using ProxyStore.Connectors;
using ProxyStore.Serialization;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Proxying;

/// <summary>An interface Castle cannot implement: not public.</summary>
internal interface IHiddenModel
{
    int Value { get; }
}

internal sealed record HiddenModel(int Value) : IHiddenModel;

// Cases found in review: prefetching, refused proxies leaving objects behind, configs that
// cannot describe their store, proxies put into a store.
public sealed class ProxyRegressionTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ProxyTestStore _fixture = new();

    private Store Store => _fixture.Store;

    public void Dispose()
    {
        _fixture.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Resolving_asynchronously_twice_fetches_once_even_when_resolution_evicts()
    {
        IDataset proxy = Store.Proxy<IDataset>(ProxyTestStore.SampleData(), evict: true);
        StoreKey key = Proxies.GetKey(proxy);

        Task first = Proxies.ResolveAsync(proxy);
        Task second = Proxies.ResolveAsync(proxy);
        await Task.WhenAll(first, second);

        Assert.True(Proxies.IsResolved(proxy));
        Assert.Equal(15, proxy.Sum());
        Metrics metrics = Store.Metrics!.GetMetrics(key)!;
        Assert.Equal(1, metrics.Times[MetricNames.FactoryResolve].Count);
        Assert.Equal(1, metrics.Times[MetricNames.FactoryCall].Count);
        Assert.False(Store.Exists(key));
    }

    [Fact]
    public async Task A_prefetched_resolution_keeps_factory_call_around_factory_resolve()
    {
        IDataset proxy = Store.Proxy<IDataset>(ProxyTestStore.SampleData());
        await Proxies.ResolveAsync(proxy);

        proxy.Sum();

        Metrics metrics = Store.Metrics!.GetMetrics(proxy)!;
        Assert.True(metrics.Times[MetricNames.FactoryCall].AvgTimeMs >= metrics.Times[MetricNames.FactoryResolve].AvgTimeMs);
        Assert.True(metrics.Times[MetricNames.FactoryResolve].AvgTimeMs >= metrics.Times[MetricNames.Get].AvgTimeMs);
    }

    [Fact]
    public async Task A_cancelled_resolution_does_not_fail_the_first_use()
    {
        IDataset proxy = Store.Proxy<IDataset>(ProxyTestStore.SampleData());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Proxies.ResolveAsync(proxy, cancelled.Token));

        Assert.Equal(15, proxy.Sum());
    }

    [Fact]
    public void A_non_public_interface_is_refused_before_anything_is_stored()
    {
        string directory = _dir.Sub("hidden");
        using var store = new Store(UniqueNames.Store("hidden"), new FileConnector(directory), register: true);

        var error = Assert.Throws<NonProxiableTypeException>(() => store.Proxy<IHiddenModel>(new HiddenModel(1)));

        Assert.Contains("not public", error.Message);
        Assert.Empty(Directory.GetFiles(directory));
    }

    [Fact]
    public void A_serializer_a_config_cannot_carry_is_named_and_nothing_is_stored()
    {
        var options = new JsonSerializerOptions { IncludeFields = true };
        using var store = new Store(UniqueNames.Store("options"), new LocalConnector(), new DefaultSerializer(options), metrics: true, register: true);

        var error = Assert.Throws<InvalidOperationException>(() => store.Proxy<IDataset>(ProxyTestStore.SampleData()));

        Assert.Contains(store.Name, error.Message);
        Assert.Contains("JSON options", error.Message);
        Assert.Empty(store.Metrics!.AggregateTimes());
        Assert.Throws<InvalidOperationException>(() => store.ToConfig());
    }

    [Fact]
    public void Putting_a_proxy_stores_its_reference_and_getting_it_gives_an_unresolved_proxy()
    {
        IDataset proxy = Store.Proxy<IDataset>(ProxyTestStore.SampleData("nested"));

        StoreKey outer = Store.Put(proxy);
        using var other = new Store(UniqueNames.Store("reader"), new LocalConnector(), cacheSize: 0);
        IDataset read = Store.Get<IDataset>(outer)!;

        Assert.False(Proxies.IsResolved(proxy));
        Assert.True(Proxies.IsProxy(read));
        Assert.False(Proxies.IsResolved(read));
        Assert.Equal(Proxies.GetKey(proxy), Proxies.GetKey(read));
        Assert.Equal("nested", read.Name);
        Assert.Throws<InvalidCastException>(() => Store.Get<IList<int>>(outer));
    }

    [Fact]
    public async Task Async_proxies_record_the_same_metrics_as_sync_ones()
    {
        IDataset proxy = await Store.ProxyAsync<IDataset>(ProxyTestStore.SampleData());
        IReadOnlyList<IDataset> batch = await Store.ProxyBatchAsync<IDataset>([ProxyTestStore.SampleData("a"), ProxyTestStore.SampleData("b")]);

        Assert.Equal(15, proxy.Sum());
        Assert.Equal(["a", "b"], batch.Select(p => p.Name));
        Assert.Contains(MetricNames.Proxy, Store.Metrics!.GetMetrics(proxy)!.Times.Keys);
        Assert.Contains(MetricNames.ProxyBatch, Store.Metrics.GetMetrics(batch)!.Times.Keys);
    }

    [Fact]
    public void Bytes_from_the_cache_belong_to_the_caller()
    {
        StoreKey key = Store.Put(new byte[] { 1, 2, 3 });

        byte[] first = Store.Get<byte[]>(key)!;
        first[0] = 99;

        Assert.True(Store.IsCached(key));
        Assert.Equal(new byte[] { 1, 2, 3 }, Store.Get<byte[]>(key));
        Assert.Equal(new byte[] { 1, 2, 3 }, Store.Get<ReadOnlyMemory<byte>>(key).ToArray());
    }

    [Fact]
    public void Bytes_from_the_cache_read_through_an_interface_belong_to_the_caller()
    {
        StoreKey key = Store.Put(new byte[] { 1, 2, 3 });

        IList<byte> first = Store.Get<IList<byte>>(key)!;
        first[0] = 99;
        object second = Store.Get<object>(key)!;
        ((byte[])second)[1] = 98;

        Assert.True(Store.IsCached(key));
        Assert.Equal(new byte[] { 1, 2, 3 }, Store.Get<byte[]>(key));
    }

    [Fact]
    public void A_proxy_of_cached_bytes_does_not_write_to_the_cache()
    {
        IList<byte> proxy = Store.Proxy<IList<byte>>(new byte[] { 1, 2, 3 }, populateTarget: false);
        StoreKey key = Proxies.GetKey(proxy);
        Assert.Equal(1, Store.Get<byte[]>(key)![0]);

        proxy[0] = 99;

        Assert.Equal(99, proxy[0]);
        Assert.Equal(new byte[] { 1, 2, 3 }, Store.Get<byte[]>(key));
    }
}

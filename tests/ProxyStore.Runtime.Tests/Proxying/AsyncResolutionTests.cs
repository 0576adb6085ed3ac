using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Proxying;

/// <summary>
/// <see cref="Proxies.ResolveAsync"/> and task-returning members of Castle proxies resolve
/// asynchronously, once, with the usual metrics, and a cancelled resolution costs nothing.
/// </summary>
public sealed class AsyncResolutionTests
{
    [Fact]
    public async Task ResolveAsync_leaves_the_proxy_resolved_without_a_first_use()
    {
        using var fixture = new ProxyTestStore(connector: new SlowConnector());
        IDataset proxy = fixture.Store.Proxy<IDataset>(ProxyTestStore.SampleData());

        await Proxies.ResolveAsync(proxy);

        Assert.True(Proxies.IsResolved(proxy));
        Metrics metrics = fixture.Store.Metrics!.GetMetrics(proxy)!;
        Assert.Equal(1, metrics.Times[MetricNames.FactoryCall].Count);
        Assert.Equal(1, metrics.Times[MetricNames.FactoryResolve].Count);
        Assert.True(metrics.Times[MetricNames.FactoryCall].LastTimeMs >= metrics.Times[MetricNames.FactoryResolve].LastTimeMs);
    }

    [Fact]
    public async Task Concurrent_async_and_synchronous_uses_resolve_once()
    {
        var connector = new GatedConnector();
        using var fixture = new ProxyTestStore(connector: connector);
        IDataset proxy = fixture.Store.Proxy<IDataset>(ProxyTestStore.SampleData());

        Task[] asyncUses = Enumerable.Range(0, 20).Select(_ => Proxies.ResolveAsync(proxy)).ToArray();

        // The first asynchronous use owns the resolution; synchronous uses wait for it, not the store.
        Assert.Equal(1, connector.AsyncGets);
        Task<int>[] syncUses = Enumerable.Range(0, 4).Select(_ => Task.Run(() => proxy.Sum())).ToArray();
        connector.Release();
        await Task.WhenAll(asyncUses);
        int[] sums = await Task.WhenAll(syncUses);

        Assert.All(sums, sum => Assert.Equal(15, sum));
        Assert.Equal(1, connector.AsyncGets);
        Metrics metrics = fixture.Store.Metrics!.GetMetrics(proxy)!;
        Assert.Equal(1, metrics.Times[MetricNames.Get].Count);
        Assert.Equal(1, metrics.Times[MetricNames.FactoryResolve].Count);
        Assert.Equal(1, metrics.Times[MetricNames.FactoryCall].Count);
    }

    [Fact]
    public async Task A_resolution_cancelled_in_flight_leaves_the_proxy_unresolved_and_a_later_use_works()
    {
        var connector = new GatedConnector();
        using var fixture = new ProxyTestStore(connector: connector);
        IDataset proxy = fixture.Store.Proxy<IDataset>(ProxyTestStore.SampleData());
        using var cancellation = new CancellationTokenSource();

        Task resolving = Proxies.ResolveAsync(proxy, cancellation.Token);
        Assert.False(resolving.IsCompleted);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => resolving);
        Assert.False(Proxies.IsResolved(proxy));
        Assert.Null(fixture.Store.Metrics!.GetMetrics(proxy)?.Times.GetValueOrDefault(MetricNames.FactoryCall));

        Assert.Equal(15, proxy.Sum());
        Assert.True(Proxies.IsResolved(proxy));
        Assert.Equal(1, fixture.Store.Metrics.GetMetrics(proxy)!.Times[MetricNames.FactoryCall].Count);
    }

    [Fact]
    public async Task A_waiter_whose_token_was_not_cancelled_resolves_when_the_owner_cancels()
    {
        var connector = new GatedConnector();
        using var fixture = new ProxyTestStore(connector: connector);
        IDataset proxy = fixture.Store.Proxy<IDataset>(ProxyTestStore.SampleData());
        using var cancellation = new CancellationTokenSource();

        Task owner = Proxies.ResolveAsync(proxy, cancellation.Token);
        Task waiter = Proxies.ResolveAsync(proxy);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => owner);
        connector.Release();
        await waiter;

        Assert.True(Proxies.IsResolved(proxy));
        Assert.Equal(2, connector.AsyncGets);
        Assert.Equal(1, fixture.Store.Metrics!.GetMetrics(proxy)!.Times[MetricNames.FactoryCall].Count);
    }

    [Fact]
    public async Task A_failed_async_resolution_names_the_key_and_leaves_the_proxy_unresolved()
    {
        using var fixture = new ProxyTestStore();
        IDataset proxy = fixture.Store.Proxy<IDataset>(ProxyTestStore.SampleData());
        StoreKey key = Proxies.GetKey(proxy);
        fixture.Store.Evict(key);

        var error = await Assert.ThrowsAsync<ProxyResolveException>(() => Proxies.ResolveAsync(proxy));

        Assert.Contains(key.ToString(), error.Message);
        Assert.False(Proxies.IsResolved(proxy));
    }

    [Fact]
    public async Task Task_returning_members_of_a_castle_proxy_resolve_without_blocking_the_caller()
    {
        var connector = new GatedConnector();
        using var fixture = new ProxyTestStore(connector: connector);
        IAsyncDataset proxy = fixture.Store.Proxy<IAsyncDataset>(AsyncDataset.Sample());

        // The store is held shut: a call that blocked to resolve would not return here.
        Task<int> sum = proxy.SumAsync();
        ValueTask<string> name = proxy.NameAsync();
        Task touch = proxy.TouchAsync();
        ValueTask validate = proxy.ValidateAsync();
        Assert.False(sum.IsCompleted);
        Assert.False(Proxies.IsResolved(proxy));

        connector.Release();

        Assert.Equal(15, await sum);
        Assert.Equal("sample", await name);
        await touch;
        await validate;
        Assert.True(Proxies.IsResolved(proxy));
        Assert.Equal(1, connector.AsyncGets);
        Assert.Equal(1, fixture.Store.Metrics!.GetMetrics(proxy)!.Times[MetricNames.FactoryCall].Count);
    }

    [Fact]
    public async Task An_async_sequence_of_a_castle_proxy_resolves_when_enumeration_starts()
    {
        var connector = new GatedConnector();
        using var fixture = new ProxyTestStore(connector: connector);
        IAsyncDataset proxy = fixture.Store.Proxy<IAsyncDataset>(AsyncDataset.Sample());

        IAsyncEnumerable<int> values = proxy.ValuesAsync();
        Assert.Equal(0, connector.AsyncGets);
        await using IAsyncEnumerator<int> enumerator = values.GetAsyncEnumerator();
        ValueTask<bool> first = enumerator.MoveNextAsync();
        Assert.False(first.IsCompleted);

        connector.Release();

        Assert.True(await first);
        var seen = new List<int> { enumerator.Current };
        while (await enumerator.MoveNextAsync())
        {
            seen.Add(enumerator.Current);
        }

        Assert.Equal([0, 1, 2, 3, 4, 5], seen);
        Assert.True(Proxies.IsResolved(proxy));
        Assert.Equal(1, connector.AsyncGets);
    }

    [Fact]
    public async Task A_task_returning_member_reports_the_targets_failure_in_its_task()
    {
        using var fixture = new ProxyTestStore();
        IAsyncDataset proxy = fixture.Store.Proxy<IAsyncDataset>(new AsyncDataset { Name = "empty" });

        ValueTask validate = proxy.ValidateAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await validate);
        Assert.Contains("empty", error.Message);
        Assert.True(Proxies.IsResolved(proxy));
    }

    [Fact]
    public async Task A_cancelled_token_of_a_task_returning_member_leaves_the_proxy_unresolved()
    {
        var connector = new GatedConnector();
        using var fixture = new ProxyTestStore(connector: connector);
        IAsyncDataset proxy = fixture.Store.Proxy<IAsyncDataset>(AsyncDataset.Sample());
        using var cancellation = new CancellationTokenSource();

        Task<int> sum = proxy.SumAsync(cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sum);
        Assert.False(Proxies.IsResolved(proxy));
        Assert.Equal(15, proxy.Sum());
    }

    [Fact]
    public void A_proxy_used_by_its_own_resolution_fails_clearly_instead_of_waiting_for_itself()
    {
        var factory = new ReentrantFactory();
        IDataset proxy = ProxyBuilder.Create(factory);
        factory.Proxy = proxy;

        var error = Assert.Throws<InvalidOperationException>(() => proxy.Sum());

        Assert.Contains("its own resolution", error.Message);
        Assert.False(Proxies.IsResolved(proxy));
    }
}

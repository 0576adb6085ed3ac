using ProxyStore.Generators.Tests.Runtime.Types;
using ProxyStore.Tests.Support;

namespace ProxyStore.Generators.Tests.Runtime;

/// <summary>
/// Generated proxies resolve asynchronously: through <see cref="Proxies.ResolveAsync"/> and
/// through members returning a task, once, with one <c>factory.call</c>, and without a thread
/// waiting for the store.
/// </summary>
public sealed class AsyncResolutionTests
{
    private static SampleModel NewModel() => new() { Name = "alpha", Id = "m-1", Items = ["a", "b", "c"] };

    private static Store GatedStore(GatedConnector connector, string test) =>
        new($"generated-{test}-{Guid.NewGuid():N}", connector, metrics: true, register: true);

    [Fact]
    public async Task ResolveAsyncLeavesTheProxyResolved()
    {
        using Store store = TestStore.Create(nameof(ResolveAsyncLeavesTheProxyResolved));
        IModel proxy = store.Proxy<IModel>(NewModel());

        await Proxies.ResolveAsync(proxy);

        Assert.IsType<ModelProxy>(proxy);
        Assert.True(Proxies.IsResolved(proxy));
        Metrics metrics = store.Metrics!.GetMetrics(proxy)!;
        Assert.Equal(1, metrics.Times[MetricNames.FactoryCall].Count);
        Assert.Equal(1, metrics.Times[MetricNames.FactoryResolve].Count);
        Assert.Equal("alpha", proxy.Name);
        Assert.Equal(1, store.Metrics.GetMetrics(proxy)!.Times[MetricNames.FactoryCall].Count);
    }

    [Fact]
    public async Task ATaskReturningMemberOfAnUnresolvedProxyResolvesAsynchronously()
    {
        var connector = new GatedConnector();
        using Store store = GatedStore(connector, nameof(ATaskReturningMemberOfAnUnresolvedProxyResolvesAsynchronously));
        IModel proxy = store.Proxy<IModel>(NewModel());

        // The store is held shut: a member that blocked to resolve would not return here.
        Task<int> count = proxy.CountAsync();
        Assert.False(count.IsCompleted);
        Assert.False(Proxies.IsResolved(proxy));
        Assert.Equal(1, connector.AsyncGets);

        connector.Release();

        Assert.Equal(3, await count);
        Assert.True(Proxies.IsResolved(proxy));
        Assert.Equal(1, store.Metrics!.GetMetrics(proxy)!.Times[MetricNames.FactoryCall].Count);
    }

    [Fact]
    public async Task AValueTaskMemberOfAClassProxyResolvesAsynchronously()
    {
        var connector = new GatedConnector();
        using Store store = GatedStore(connector, nameof(AValueTaskMemberOfAClassProxyResolvesAsynchronously));
        Counter proxy = store.Proxy(new Counter { Value = 3 });

        ValueTask<int> incremented = proxy.IncrementAsync(2);
        Assert.False(incremented.IsCompleted);

        connector.Release();

        Assert.Equal(5, await incremented);
        Assert.IsType<CounterProxy>(proxy);
        Assert.True(Proxies.IsResolved(proxy));
        Assert.Equal(5, proxy.Value);
    }

    [Fact]
    public async Task ConcurrentAsyncAndSynchronousUsesResolveOnce()
    {
        var connector = new GatedConnector();
        using Store store = GatedStore(connector, nameof(ConcurrentAsyncAndSynchronousUsesResolveOnce));
        IModel proxy = store.Proxy<IModel>(NewModel());

        Task<int>[] counts = Enumerable.Range(0, 10).Select(_ => proxy.CountAsync()).ToArray();
        Task[] resolutions = Enumerable.Range(0, 10).Select(_ => Proxies.ResolveAsync(proxy)).ToArray();
        Task<string>[] names = Enumerable.Range(0, 4).Select(_ => Task.Run(() => proxy.Name)).ToArray();
        connector.Release();
        await Task.WhenAll(resolutions);

        Assert.All(await Task.WhenAll(counts), count => Assert.Equal(3, count));
        Assert.All(await Task.WhenAll(names), name => Assert.Equal("alpha", name));
        Assert.Equal(1, connector.AsyncGets);
        Metrics metrics = store.Metrics!.GetMetrics(proxy)!;
        Assert.Equal(1, metrics.Times[MetricNames.Get].Count);
        Assert.Equal(1, metrics.Times[MetricNames.FactoryResolve].Count);
        Assert.Equal(1, metrics.Times[MetricNames.FactoryCall].Count);
    }

    [Fact]
    public async Task ACancelledResolutionLeavesTheProxyUnresolvedAndALaterUseWorks()
    {
        var connector = new GatedConnector();
        using Store store = GatedStore(connector, nameof(ACancelledResolutionLeavesTheProxyUnresolvedAndALaterUseWorks));
        IModel proxy = store.Proxy<IModel>(NewModel());
        using var cancellation = new CancellationTokenSource();

        Task<int> count = proxy.CountAsync(cancellation.Token);
        Task resolving = Proxies.ResolveAsync(proxy, cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => count);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => resolving);
        Assert.False(Proxies.IsResolved(proxy));
        Assert.Equal("alpha", proxy.Name);
        Assert.True(Proxies.IsResolved(proxy));
        Assert.Equal(1, store.Metrics!.GetMetrics(proxy)!.Times[MetricNames.FactoryCall].Count);
    }

    [Fact]
    public async Task AnAsyncSequenceOfAnUnresolvedProxyResolvesWhenEnumerationStarts()
    {
        var connector = new GatedConnector();
        using Store store = GatedStore(connector, nameof(AnAsyncSequenceOfAnUnresolvedProxyResolvesWhenEnumerationStarts));
        IModel proxy = store.Proxy<IModel>(NewModel());

        IAsyncEnumerable<string> items = proxy.ItemsAsync();
        Assert.Equal(0, connector.AsyncGets);
        await using IAsyncEnumerator<string> enumerator = items.GetAsyncEnumerator();
        ValueTask<bool> first = enumerator.MoveNextAsync();
        Assert.False(first.IsCompleted);
        Assert.Equal(1, connector.AsyncGets);

        connector.Release();

        Assert.True(await first);
        var seen = new List<string> { enumerator.Current };
        while (await enumerator.MoveNextAsync())
        {
            seen.Add(enumerator.Current);
        }

        Assert.Equal(["a", "b", "c"], seen);
        Assert.True(Proxies.IsResolved(proxy));
        Assert.Equal(1, store.Metrics!.GetMetrics(proxy)!.Times[MetricNames.FactoryCall].Count);
    }
}

using ProxyStore.Generators.Tests.Runtime.Types;

namespace ProxyStore.Generators.Tests.Runtime;

/// <summary>Threads racing on a proxy's first use resolve it exactly once.</summary>
public sealed class ProxyConcurrencyTests
{
    private const int Threads = 16;

    [Fact]
    public void RacingFirstUsesResolveOnce()
    {
        using Store store = TestStore.Create(nameof(RacingFirstUsesResolveOnce));
        IModel proxy = store.Proxy<IModel>(new SampleModel { Name = "shared", Items = ["x", "y"] });
        using var start = new Barrier(Threads);
        var names = new string[Threads];
        var targets = new object[Threads];

        Thread[] threads = Enumerable.Range(0, Threads).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            names[i] = proxy.Name + proxy.Count;
            targets[i] = Proxies.Extract(proxy);
        })).ToArray();
        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        Assert.All(names, n => Assert.Equal("shared2", n));
        Assert.All(targets, t => Assert.Same(targets[0], t));
        Metrics metrics = store.Metrics!.GetMetrics(proxy)!;
        Assert.Equal(1, metrics.Times["factory.call"].Count);
        Assert.Equal(1, metrics.Times["factory.resolve"].Count);
        Assert.Equal(1, metrics.Times["store.get"].Count);
    }
}

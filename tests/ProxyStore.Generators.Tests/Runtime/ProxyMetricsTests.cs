using ProxyStore.Generators.Tests.Runtime.Types;

namespace ProxyStore.Generators.Tests.Runtime;

/// <summary>
/// Resolving a generated proxy records the guide's metric names exactly as a runtime proxy
/// does: the generated code times <c>factory.call</c> around the factory's resolution, which
/// records <c>factory.resolve</c> around the store's get.
/// </summary>
public sealed class ProxyMetricsTests
{
    private static readonly string[] ResolvedProxyTimes =
    [
        "factory.call",
        "factory.resolve",
        "store.get",
        "store.get.connector",
        "store.get.deserialize",
        "store.proxy",
        "store.put",
        "store.put.connector",
        "store.put.serialize",
    ];

    public static TheoryData<string> ProxyKinds => ["interface", "generic interface", "class"];

    [Theory]
    [MemberData(nameof(ProxyKinds))]
    public void ResolutionRecordsTheNineTimes(string kind)
    {
        using Store store = TestStore.Create(nameof(ResolutionRecordsTheNineTimes));
        object proxy = CreateAndUse(store, kind);

        Metrics metrics = store.Metrics!.GetMetrics(proxy)!;

        Assert.Equal(ResolvedProxyTimes, metrics.Times.Keys.Order(StringComparer.Ordinal));
        Assert.All(metrics.Times.Values, t => Assert.Equal(1, t.Count));
        TimeStats call = metrics.Times["factory.call"];
        TimeStats resolve = metrics.Times["factory.resolve"];
        TimeStats get = metrics.Times["store.get"];
        Assert.True(call.AvgTimeMs >= resolve.AvgTimeMs, $"factory.call {call.AvgTimeMs} < factory.resolve {resolve.AvgTimeMs}");
        Assert.True(resolve.AvgTimeMs >= get.AvgTimeMs, $"factory.resolve {resolve.AvgTimeMs} < store.get {get.AvgTimeMs}");
    }

    [Fact]
    public void AnUnresolvedProxyHasOnlyThePutAndProxyTimes()
    {
        using Store store = TestStore.Create(nameof(AnUnresolvedProxyHasOnlyThePutAndProxyTimes));

        IModel proxy = store.Proxy<IModel>(new SampleModel { Name = "lazy" });

        Metrics metrics = store.Metrics!.GetMetrics(proxy)!;
        Assert.False(Proxies.IsResolved(proxy));
        Assert.Equal(["store.proxy", "store.put", "store.put.connector", "store.put.serialize"], metrics.Times.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void LaterCallsDoNotResolveAgain()
    {
        using Store store = TestStore.Create(nameof(LaterCallsDoNotResolveAgain));
        IModel proxy = store.Proxy<IModel>(new SampleModel { Name = "once" });

        for (int i = 0; i < 5; i++)
        {
            Assert.Equal("once", proxy.Name);
        }

        Metrics metrics = store.Metrics!.GetMetrics(proxy)!;
        Assert.Equal(1, metrics.Times["factory.call"].Count);
        Assert.Equal(1, metrics.Times["store.get"].Count);
    }

    private static object CreateAndUse(Store store, string kind)
    {
        switch (kind)
        {
            case "interface":
                IModel model = store.Proxy<IModel>(new SampleModel { Name = "metrics" });
                Assert.IsType<ModelProxy>(model);
                Assert.Equal("metrics", model.Name);
                return model;
            case "generic interface":
                IRepository<Person> repository = store.Proxy<IRepository<Person>>(new PersonRepository { People = [new Person("1", "Ada")] });
                Assert.IsType<RepositoryProxy<Person>>(repository);
                Assert.Equal(1, repository.Count);
                return repository;
            default:
                Counter counter = store.Proxy(new Counter { Value = 4 });
                Assert.IsType<CounterProxy>(counter);
                Assert.Equal(4, counter.Value);
                return counter;
        }
    }
}

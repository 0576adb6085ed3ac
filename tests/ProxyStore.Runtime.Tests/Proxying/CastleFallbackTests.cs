namespace ProxyStore.Tests.Proxying;

// Types without a generated proxy get a Castle DynamicProxy: interfaces (generic ones
// included) and non-sealed classes whose declared public members are all virtual.
public sealed class CastleFallbackTests : IDisposable
{
    private readonly ProxyTestStore _fixture = new();

    private Store Store => _fixture.Store;

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Generic_collection_interfaces_are_proxied()
    {
        IList<int> proxy = Store.Proxy<IList<int>>(new List<int> { 4, 5, 6 });

        Assert.False(Proxies.IsResolved(proxy));
        Assert.Equal(3, proxy.Count);
        Assert.Equal(5, proxy[1]);
        Assert.Equal(15, proxy.Sum());

        proxy.Add(7);
        Assert.Equal([4, 5, 6, 7], Proxies.Extract(proxy));
    }

    [Fact]
    public void Dictionary_interfaces_forward_out_parameters()
    {
        IDictionary<string, int> proxy = Store.Proxy<IDictionary<string, int>>(new Dictionary<string, int> { ["a"] = 1 });

        Assert.True(proxy.TryGetValue("a", out int value));
        Assert.Equal(1, value);
        Assert.False(proxy.TryGetValue("b", out _));
    }

    [Fact]
    public void Classes_with_only_virtual_members_are_proxied_and_forward_calls_to_the_target()
    {
        Account proxy = Store.Proxy(new Account { Owner = "ada", Balance = 10m });

        Assert.False(Proxies.IsResolved(proxy));
        Assert.Equal("ada", proxy.Owner);
        Assert.Equal(15m, proxy.Deposit(5m));
        Assert.True(proxy.TryWithdraw(3m, out decimal remaining));
        Assert.Equal(12m, remaining);
        Assert.False(proxy.TryWithdraw(100m, out remaining));
        Assert.Equal(12m, remaining);
        Assert.Equal(12m, Proxies.Extract(proxy).Balance);
        Assert.NotSame(proxy, Proxies.Extract(proxy));
    }

    [Fact]
    public void ToString_Equals_and_GetHashCode_resolve_and_forward_but_GetType_does_not()
    {
        Dataset data = ProxyTestStore.SampleData();
        IDataset proxy = Store.Proxy<IDataset>(data);

        Assert.NotEqual(typeof(Dataset), proxy.GetType());
        Assert.False(Proxies.IsResolved(proxy));

        Assert.Equal(data.ToString(), proxy.ToString());
        Assert.True(Proxies.IsResolved(proxy));
        Assert.True(proxy.Equals(data));
        Assert.Equal(data.GetHashCode(), proxy.GetHashCode());
        Assert.True(proxy.Equals(Store.Proxy<IDataset>(data)));
        Assert.False(proxy.Equals(ProxyTestStore.SampleData("other")));
    }

    [Fact]
    public void Class_proxies_forward_object_members_too()
    {
        var account = new Account { Owner = "grace", Balance = 1m };
        Account proxy = Store.Proxy(account);

        Assert.Equal(Proxies.Extract(proxy).ToString(), proxy.ToString());
        Assert.True(proxy.Equals(Proxies.Extract(proxy)));
        Assert.Equal(Proxies.Extract(proxy).GetHashCode(), proxy.GetHashCode());
    }

    [Fact]
    public void Exceptions_thrown_by_the_target_reach_the_caller_unwrapped()
    {
        IList<int> proxy = Store.Proxy<IList<int>>(new List<int> { 1 });

        Assert.Throws<ArgumentOutOfRangeException>(() => proxy[5]);
    }
}

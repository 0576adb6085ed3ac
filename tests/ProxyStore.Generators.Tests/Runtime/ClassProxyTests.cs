using ProxyStore.Generators.Tests.Runtime.Types;

namespace ProxyStore.Generators.Tests.Runtime;

/// <summary>A class proxy derives the class and forwards its virtual members to the target.</summary>
public sealed class ClassProxyTests
{
    [Fact]
    public void VirtualMembersForwardToTheTarget()
    {
        using Store store = TestStore.Create(nameof(VirtualMembersForwardToTheTarget));

        Counter proxy = store.Proxy(new Counter { Value = 3, Label = "clicks", Raw = 9 });

        Assert.IsType<CounterProxy>(proxy);
        Assert.False(Proxies.IsResolved(proxy));
        Assert.Equal(3, proxy.Value);
        Assert.Equal(5, proxy.Increment(2));
        Assert.Equal(6, proxy.Increment());
        Assert.True(proxy.TryDecrement(out int value));
        Assert.Equal(5, value);
        proxy.Label = "taps";
        Assert.Equal("taps=5", proxy.ToString());

        var target = (Counter)Proxies.Extract(proxy);
        Assert.NotSame(proxy, target);
        Assert.Equal(5, target.Value);
        Assert.Equal("taps", target.Label);
        Assert.Equal(9, target.Raw);
        Assert.Equal(9, proxy.Raw);
    }

    [Fact]
    public void VirtualEventsSubscribeOnTheTarget()
    {
        using Store store = TestStore.Create(nameof(VirtualEventsSubscribeOnTheTarget));
        Counter proxy = store.Proxy(new Counter());
        int raised = 0;

        proxy.Changed += (_, _) => raised++;
        proxy.Increment();
        proxy.Increment();

        Assert.Equal(2, raised);
    }

    [Fact]
    public void AConstructorCallingAVirtualMemberIsReportedClearly()
    {
        // The base constructor runs before the proxy has its factory, so nothing can be forwarded yet.
        using Store store = TestStore.Create(nameof(AConstructorCallingAVirtualMemberIsReportedClearly));

        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => store.Proxy(new SelfResetting()));

        Assert.Contains(typeof(SelfResetting).FullName!, e.Message, StringComparison.Ordinal);
        Assert.Contains("virtual member", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AProxiableClassWithAMemberItsProxyCannotForwardIsRefusedBeforeAnythingIsStored()
    {
        using Store store = TestStore.Create(nameof(AProxiableClassWithAMemberItsProxyCannotForwardIsRefusedBeforeAnythingIsStored));
        var basket = new Basket { Items = [1, 2, 3] };

        NonProxiableTypeException e = Assert.Throws<NonProxiableTypeException>(() => store.Proxy(basket));

        Assert.Equal(typeof(Basket), e.ProxiedType);
        Assert.Contains("[Proxiable]", e.Message, StringComparison.Ordinal);
        Assert.Contains("Total", e.Message, StringComparison.Ordinal);
        Assert.Contains("not virtual", e.Message, StringComparison.Ordinal);
        Assert.Contains("PXS0004", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(MetricNames.Put, store.Metrics!.AggregateTimes().Keys);

        StoreKey key = store.Put(basket);
        Assert.Contains("Total", Assert.Throws<NonProxiableTypeException>(() => store.ProxyFromKey<Basket>(key)).Message, StringComparison.Ordinal);
        Assert.Contains("Total", Assert.Throws<NonProxiableTypeException>(() => store.ProxyBatch([basket])).Message, StringComparison.Ordinal);
    }
}

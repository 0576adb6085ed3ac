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

        // A non-virtual member cannot be forwarded: it runs on the proxy's own base state.
        Assert.Equal(0, proxy.Raw);
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
}

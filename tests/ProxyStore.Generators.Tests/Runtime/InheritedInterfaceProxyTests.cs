using ProxyStore.Generators.Tests.Runtime.Types;

namespace ProxyStore.Generators.Tests.Runtime;

/// <summary>Members inherited from base interfaces forward, including clashing ones implemented explicitly.</summary>
public sealed class InheritedInterfaceProxyTests
{
    [Fact]
    public void ClashingMembersForwardToTheMatchingImplementation()
    {
        using Store store = TestStore.Create(nameof(ClashingMembersForwardToTheMatchingImplementation));

        IDocument proxy = store.Proxy<IDocument>(new Document { FileName = "notes.txt", Title = "Notes", Version = 3, Body = "text" });

        Assert.IsType<DocumentProxy>(proxy);
        Assert.Equal("notes.txt", ((INamed)proxy).Name);
        Assert.Equal("Notes", ((ITitled)proxy).Name);
        Assert.Equal(3, proxy.Version);
        Assert.Equal("text", proxy.Body);
        proxy.Body = "changed";
        Assert.Equal("changed", ((Document)Proxies.Extract(proxy)).Body);
    }

    [Fact]
    public void ToStringDeclaredByTheInterfaceForwards()
    {
        using Store store = TestStore.Create(nameof(ToStringDeclaredByTheInterfaceForwards));

        IDocument proxy = store.Proxy<IDocument>(new Document { Title = "Notes", Version = 2 });

        Assert.Equal("Notes v2", proxy.ToString());
        Assert.Equal("Notes v2", ((object)proxy).ToString());
    }
}

using ProxyStore.Generators.Tests.Runtime.Types;

namespace ProxyStore.Generators.Tests.Runtime;

/// <summary>A generic interface's proxy is registered open and closed on first use.</summary>
public sealed class GenericProxyTests
{
    [Fact]
    public void ClosedGenericInterfacesGetTheGeneratedProxy()
    {
        using Store store = TestStore.Create(nameof(ClosedGenericInterfacesGetTheGeneratedProxy));
        var repository = new PersonRepository { People = [new Person("1", "Ada"), new Person("2", "Grace")] };

        IRepository<Person> proxy = store.Proxy<IRepository<Person>>(repository);

        Assert.IsType<RepositoryProxy<Person>>(proxy);
        Assert.True(GeneratedProxies.IsRegistered(typeof(IRepository<Person>)));
        Assert.False(Proxies.IsResolved(proxy));
        Assert.Equal(2, proxy.Count);
        Assert.Equal(new Person("2", "Grace"), proxy.Find("2"));
        Assert.Null(proxy.Find("3"));
        proxy.Add(new Person("3", "Barbara"));
        Assert.Equal(["Ada", "Grace", "Barbara"], proxy.All().Select(p => p.Name));
        Assert.Equal("Ada,Grace,Barbara", proxy.Aggregate(string.Empty, (text, p) => text.Length == 0 ? p.Name : text + "," + p.Name));
    }
}

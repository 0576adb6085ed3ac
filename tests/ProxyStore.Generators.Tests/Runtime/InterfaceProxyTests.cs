using ProxyStore.Generators.Tests.Runtime.Types;

namespace ProxyStore.Generators.Tests.Runtime;

/// <summary>
/// A generated interface proxy, made by <c>store.Proxy&lt;T&gt;</c>, is the generated type, stays
/// unresolved until first use, and forwards every member kind to its target.
/// </summary>
public sealed class InterfaceProxyTests
{
    private static SampleModel NewModel() => new()
    {
        Name = "alpha",
        Id = "m-1",
        Items = ["a", "b", "c"],
        Tags = new() { ["color"] = "red" },
        Slots = [1, 2, 3, 4],
    };

    [Fact]
    public void StoreProxyMakesTheGeneratedProxyUnresolved()
    {
        using Store store = TestStore.Create(nameof(StoreProxyMakesTheGeneratedProxyUnresolved));

        IModel proxy = store.Proxy<IModel>(NewModel());

        Assert.IsType<ModelProxy>(proxy);
        Assert.True(GeneratedProxies.IsRegistered(typeof(IModel)));
        Assert.False(Proxies.IsResolved(proxy));
        Assert.Equal("alpha", proxy.Name);
        Assert.True(Proxies.IsResolved(proxy));
    }

    [Fact]
    public void PropertiesAndIndexersForward()
    {
        using Store store = TestStore.Create(nameof(PropertiesAndIndexersForward));
        IModel proxy = store.Proxy<IModel>(NewModel());

        Assert.Equal("m-1", proxy.Id);
        Assert.Equal(3, proxy.Count);
        Assert.Equal("b", proxy[1]);
        proxy.Name = "beta";
        proxy[1] = "B";

        var target = (SampleModel)Proxies.Extract(proxy);
        Assert.Equal("beta", target.Name);
        Assert.Equal(["a", "B", "c"], target.Items);
    }

    [Fact]
    public void MethodsForwardArgumentsOfEveryKind()
    {
        using Store store = TestStore.Create(nameof(MethodsForwardArgumentsOfEveryKind));
        IModel proxy = store.Proxy<IModel>(NewModel());

        Assert.Equal(5, proxy.Add(2, 3));
        Assert.Equal("echo", proxy.Echo("echo"));
        Assert.Equal(42, proxy.Echo(42));
        Assert.True(proxy.TryGetTag("color", out string? tag));
        Assert.Equal("red", tag);
        Assert.False(proxy.TryGetTag("size", out _));
        int a = 1, b = 2;
        proxy.Swap(ref a, ref b);
        Assert.Equal((2, 1), (a, b));
        double value = 1.5;
        Assert.Equal(3.0, proxy.Scale(in value));
        Assert.Equal(4.5, proxy.Scale(in value, 3.0));
        Assert.Equal(10, proxy.Sum(1, 2, 3, 4));
        Assert.Equal(0, proxy.Sum());
        Assert.Equal("model:alpha", proxy.Describe());
        Assert.Equal("doc:alpha", proxy.Describe("doc"));
    }

    [Fact]
    public void RefReturnsGiveTheTargetsStorage()
    {
        using Store store = TestStore.Create(nameof(RefReturnsGiveTheTargetsStorage));
        IModel proxy = store.Proxy<IModel>(NewModel());

        ref int slot = ref proxy.Slot(2);
        slot = 30;
        proxy.Slot(3) = 40;

        Assert.Equal([1, 2, 30, 40], ((SampleModel)Proxies.Extract(proxy)).Slots);
    }

    [Fact]
    public void EventsSubscribeOnTheTarget()
    {
        using Store store = TestStore.Create(nameof(EventsSubscribeOnTheTarget));
        IModel proxy = store.Proxy<IModel>(NewModel());
        var names = new List<string>();
        void OnRenamed(object? sender, string name) => names.Add(name);

        proxy.Renamed += OnRenamed;
        proxy.Rename("gamma");
        proxy.Renamed -= OnRenamed;
        proxy.Rename("delta");

        Assert.Equal(["gamma"], names);
        Assert.Equal("delta", proxy.Name);
    }

    [Fact]
    public async Task AsyncMethodsForwardTheTask()
    {
        using Store store = TestStore.Create(nameof(AsyncMethodsForwardTheTask));
        IModel proxy = store.Proxy<IModel>(NewModel());

        Assert.Equal(3, await proxy.CountAsync());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => proxy.CountAsync(new CancellationToken(canceled: true)));
    }

    [Fact]
    public void InitAccessorsOfTheProxyThrow()
    {
        using Store store = TestStore.Create(nameof(InitAccessorsOfTheProxyThrow));
        var proxy = (ModelProxy)store.Proxy<IModel>(NewModel());
        var factory = (ProxyFactory<IModel>)Proxies.GetFactory(proxy);

        NotSupportedException e = Assert.Throws<NotSupportedException>(() => new ModelProxy(factory, null) { Id = "other" });

        Assert.Contains("init", e.Message, StringComparison.Ordinal);
        Assert.Equal("m-1", proxy.Id);
    }

    [Fact]
    public void ObjectMembersForwardAndEqualsUnwrapsProxies()
    {
        using Store store = TestStore.Create(nameof(ObjectMembersForwardAndEqualsUnwrapsProxies));
        IPoint first = store.Proxy<IPoint>(new Point(1, 2));
        IPoint second = store.Proxy<IPoint>(new Point(1, 2));
        IPoint other = store.Proxy<IPoint>(new Point(3, 4));

        Assert.IsType<PointProxy>(first);
        Assert.Equal("Point { X = 1, Y = 2 }", first.ToString());
        Assert.True(first.Equals(second));
        Assert.True(first.Equals(new Point(1, 2)));
        Assert.False(first.Equals(other));
        Assert.Equal(new Point(1, 2).GetHashCode(), first.GetHashCode());
    }

    [Fact]
    public void PopulatedProxiesStartResolved()
    {
        using Store store = TestStore.Create(nameof(PopulatedProxiesStartResolved));
        SampleModel model = NewModel();

        IModel proxy = store.Proxy<IModel>(model, populateTarget: true);

        Assert.IsType<ModelProxy>(proxy);
        Assert.True(Proxies.IsResolved(proxy));
        Assert.Same(model, Proxies.Extract(proxy));
        Assert.DoesNotContain("factory.call", store.Metrics!.GetMetrics(proxy)!.Times.Keys);
    }

    [Fact]
    public void ProxyBatchAndProxyFromKeyUseTheGeneratedProxy()
    {
        using Store store = TestStore.Create(nameof(ProxyBatchAndProxyFromKeyUseTheGeneratedProxy));

        IReadOnlyList<IModel> batch = store.ProxyBatch<IModel>([new SampleModel { Name = "one" }, new SampleModel { Name = "two" }]);
        StoreKey key = store.Put(new SampleModel { Name = "three" });
        IModel fromKey = store.ProxyFromKey<IModel>(key);

        Assert.All(batch, p => Assert.IsType<ModelProxy>(p));
        Assert.IsType<ModelProxy>(fromKey);
        Assert.Equal(["one", "two", "three"], batch.Append(fromKey).Select(p => p.Name));
        Assert.Equal(key, Proxies.GetKey(fromKey));
    }

    [Fact]
    public void InterfacesNestedInGenericTypesGetOpenGenericProxies()
    {
        using Store store = TestStore.Create(nameof(InterfacesNestedInGenericTypesGetOpenGenericProxies));

        Box<int>.IContent content = store.Proxy<Box<int>.IContent>(new Box<int>.Content { Value = 12 });

        Assert.IsType<BoxContentProxy<int>>(content);
        Assert.False(Proxies.IsResolved(content));
        Assert.Equal(12, content.Value);
    }

    [Fact]
    public void NestedAndInternalInterfacesGetProxies()
    {
        using Store store = TestStore.Create(nameof(NestedAndInternalInterfacesGetProxies));

        Shelf.IBook book = store.Proxy<Shelf.IBook>(new Shelf.Book { Title = "Dune" });
        IInternalShelf shelf = store.Proxy<IInternalShelf>(new InternalShelf { Size = 7 });

        Assert.IsType<ShelfBookProxy>(book);
        Assert.IsType<InternalShelfProxy>(shelf);
        Assert.Equal("Dune", book.Title);
        Assert.Equal(7, shelf.Size);
    }
}

using System.Runtime.CompilerServices;
using ProxyStore.Connectors;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Proxying;

/// <summary>
/// Issue 13, item 9: a proxy whose store this process disposed fails with a clear
/// <see cref="ProxyResolveException"/>, and never makes a store that nobody disposes or brings
/// back storage the disposed store cleared. The same whether or not the GC has run.
/// </summary>
public sealed class DisposedStoreProxyTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<Store> _stores = [];

    public void Dispose()
    {
        foreach (Store store in _stores)
        {
            StoreRegistry.Unregister(store.Name);
            store.Dispose();
        }

        _dir.Dispose();
    }

    private Store Track(Store store)
    {
        _stores.Add(store);
        return store;
    }

    private static void AssertFailsAsDisposed(IDataset proxy, string storeName)
    {
        StoreKey key = Proxies.GetKey(proxy);
        var e = Assert.Throws<ProxyResolveException>(() => proxy.Sum());
        Assert.Equal(key, e.Key);
        Assert.Equal(storeName, e.StoreName);
        Assert.Contains(key.ToString(), e.Message, StringComparison.Ordinal);
        Assert.Contains($"'{storeName}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("disposed in this process", e.Message, StringComparison.Ordinal);
        Assert.IsType<StoreDisposedException>(e.InnerException);
        Assert.False(Proxies.IsResolved(proxy));
        Assert.Null(StoreRegistry.Get(storeName));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_file_store_disposed_in_this_process_is_not_recreated_by_its_proxy(bool disposeAsync)
    {
        string directory = _dir.Sub("objects");
        var store = new Store(UniqueNames.Store("disposed-file"), new FileConnector(directory), metrics: true, register: true);
        IDataset proxy = store.Proxy<IDataset>(ProxyTestStore.SampleData());
        Assert.Single(Directory.GetFiles(directory));

        if (disposeAsync)
        {
            await store.DisposeAsync();
        }
        else
        {
            store.Dispose();
        }

        Assert.False(Directory.Exists(directory));
        AssertFailsAsDisposed(proxy, store.Name);
        Assert.False(Directory.Exists(directory));

        // Asking again changes nothing: still refused, still nothing made.
        AssertFailsAsDisposed(proxy, store.Name);
        var e = Assert.Throws<ProxyResolveException>(() => Proxies.ResolveAsync(proxy).GetAwaiter().GetResult());
        Assert.IsType<StoreDisposedException>(e.InnerException);
        Assert.Null(StoreRegistry.Get(store.Name));
        Assert.False(Directory.Exists(directory));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_local_store_disposed_in_this_process_fails_the_same_whether_or_not_the_gc_ran(bool collect)
    {
        (IDataset proxy, string name) = ProxyOfADisposedLocalStore();
        if (collect)
        {
            // Without a live connector, the LocalConnector's weakly shared storage goes now.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }

        AssertFailsAsDisposed(proxy, name);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (IDataset Proxy, string Name) ProxyOfADisposedLocalStore()
    {
        using var store = new Store(UniqueNames.Store("disposed-local"), new LocalConnector(), metrics: true, register: true);
        return (store.Proxy<IDataset>(ProxyTestStore.SampleData()), store.Name);
    }

    [Fact]
    public void Registering_a_store_under_the_name_again_lets_proxies_resolve_through_it()
    {
        var owner = new Store(UniqueNames.Store("disposed-lifted"), new LocalConnector(), metrics: true, register: true);
        IDataset proxy = owner.Proxy<IDataset>(ProxyTestStore.SampleData());
        StoreConfig config = owner.ToConfig();

        // A second instance over the same in-memory storage keeps the objects alive.
        Store sibling = Track(Store.FromConfig(config with { Register = false, Metrics = true }));
        owner.Dispose();
        AssertFailsAsDisposed(proxy, owner.Name);
        Assert.Throws<StoreDisposedException>(() => StoreRegistry.GetOrCreate(config));

        StoreRegistry.Register(sibling);

        Assert.Equal(15, proxy.Sum());
        Assert.Equal(1, sibling.Metrics!.GetMetrics(proxy)!.Times[MetricNames.FactoryCall].Count);
    }

    [Fact]
    public void A_disposed_store_refuses_only_its_own_connector_config()
    {
        string name = UniqueNames.Store("disposed-other-config");
        var disposed = new Store(name, new LocalConnector());
        StoreConfig disposedConfig = disposed.ToConfig();
        disposed.Dispose();
        var other = Track(new Store(name, new LocalConnector()));
        StoreKey key = other.Put("kept");

        Assert.Throws<StoreDisposedException>(() => StoreRegistry.GetOrCreate(disposedConfig));
        Store created = Track(StoreRegistry.GetOrCreate(other.ToConfig()));

        Assert.Equal("kept", created.Get<string>(key));
    }

    [Fact]
    public void A_store_the_registry_made_is_disposed_without_clearing_the_owners_files()
    {
        string directory = _dir.Sub("owned");
        Store owner = Track(new Store(UniqueNames.Store("created-on-demand"), new FileConnector(directory, clear: true), metrics: true));
        IDataset proxy = owner.Proxy<IDataset>(ProxyTestStore.SampleData());
        StoreKey key = Proxies.GetKey(proxy);
        Assert.Equal(15, proxy.Sum());
        Store created = StoreRegistry.Get(owner.Name)!;
        Assert.NotSame(owner, created);

        // What the process does on exit, for this store alone (others belong to other tests).
        StoreRegistry.DisposeCreatedStores(s => ReferenceEquals(s, created));

        Assert.True(created.IsDisposed);
        Assert.Null(StoreRegistry.Get(owner.Name));
        Assert.True(Directory.Exists(directory));
        Assert.Equal(ProxyTestStore.SampleData(), owner.Get<Dataset>(key));
    }
}

using ProxyStore.Connectors;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests;

/// <summary><see cref="StoreRegistry.GetOrCreateAsync"/> keeps the rules of <see cref="StoreRegistry.GetOrCreate"/>.</summary>
public sealed class StoreRegistryAsyncTests
{
    [Fact]
    public async Task GetOrCreateAsync_returns_the_registered_store()
    {
        using var store = new Store(UniqueNames.Store("async-registry"), new LocalConnector(), register: true);

        Assert.Same(store, await StoreRegistry.GetOrCreateAsync(store.ToConfig()));
    }

    [Fact]
    public async Task GetOrCreateAsync_makes_and_registers_one_store_for_concurrent_callers()
    {
        using var owner = new Store(UniqueNames.Store("async-registry"), new LocalConnector());
        StoreConfig config = owner.ToConfig();
        try
        {
            Task<Store>[] asyncCalls = Enumerable.Range(0, 8).Select(_ => StoreRegistry.GetOrCreateAsync(config).AsTask()).ToArray();
            Task<Store>[] syncCalls = Enumerable.Range(0, 4).Select(_ => Task.Run(() => StoreRegistry.GetOrCreate(config))).ToArray();
            Store[] stores = await Task.WhenAll(asyncCalls.Concat(syncCalls));

            Store created = StoreRegistry.Get(owner.Name)!;
            Assert.NotSame(owner, created);
            Assert.All(stores, s => Assert.Same(created, s));
        }
        finally
        {
            StoreRegistry.DisposeCreatedStores(s => s.Name == owner.Name);
        }
    }

    [Fact]
    public async Task GetOrCreateAsync_refuses_the_config_of_a_disposed_store()
    {
        var store = new Store(UniqueNames.Store("async-registry"), new LocalConnector(), register: true);
        StoreConfig config = store.ToConfig();
        store.Dispose();

        await Assert.ThrowsAsync<StoreDisposedException>(async () => await StoreRegistry.GetOrCreateAsync(config));
        Assert.Null(StoreRegistry.Get(config.Name));
    }

    [Fact]
    public async Task GetOrCreateAsync_reports_a_config_that_cannot_make_a_store_and_the_next_call_tries_again()
    {
        var config = new StoreConfig { Name = UniqueNames.Store("async-registry"), Connector = new ConnectorConfig("no-such-kind", default) };

        var first = await Assert.ThrowsAsync<ArgumentException>(async () => await StoreRegistry.GetOrCreateAsync(config));
        var second = await Assert.ThrowsAsync<ArgumentException>(async () => await StoreRegistry.GetOrCreateAsync(config));

        Assert.Contains("no-such-kind", first.Message);
        Assert.NotSame(first, second);
        Assert.Null(StoreRegistry.Get(config.Name));
    }

    [Fact]
    public async Task Store_FromConfigAsync_makes_a_working_store()
    {
        using var owner = new Store(UniqueNames.Store("async-config"), new LocalConnector());
        StoreKey key = owner.Put("value");

        using Store copy = await Store.FromConfigAsync(owner.ToConfig() with { Name = UniqueNames.Store("async-config-copy") });

        Assert.Equal("value", copy.Get<string>(key));
    }
}

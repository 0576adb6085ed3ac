using ProxyStore.Connectors;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests;

/// <summary>
/// The process-wide store registry: a port of ProxyStore's tests/store/init_test.py
/// (register, get, unregister, get_or_create; the proxy lookups wait for Store.Proxy).
/// Every store has a unique name, so these tests never meet other tests in the registry.
/// </summary>
public sealed class StoreRegistryTests : IDisposable
{
    private readonly List<Store> _stores = [];

    public void Dispose()
    {
        foreach (Store store in _stores)
        {
            StoreRegistry.Unregister(store.Name);
            store.Dispose();
        }
    }

    private Store NewStore(string? name = null, bool register = false)
    {
        var store = new Store(name ?? UniqueNames.Store("registry"), new LocalConnector(), register: register);
        _stores.Add(store);
        return store;
    }

    [Fact]
    public void Register_get_and_unregister()
    {
        Store store = NewStore();

        StoreRegistry.Register(store);
        Assert.Same(store, StoreRegistry.Get(store.Name));
        Assert.Contains(store.Name, StoreRegistry.Names);

        StoreRegistry.Unregister(store.Name);
        Assert.Null(StoreRegistry.Get(store.Name));
        Assert.DoesNotContain(store.Name, StoreRegistry.Names);

        StoreRegistry.Unregister("not a valid store name " + Guid.NewGuid()); // does not throw
    }

    [Fact]
    public void Registering_the_same_instance_again_changes_nothing()
    {
        // ProxyStore raises here; this port treats it as a no-op (GetOrCreate relies on it).
        Store store = NewStore();
        StoreRegistry.Register(store);

        StoreRegistry.Register(store);
        StoreRegistry.Register(store, existOk: true);

        Assert.Same(store, StoreRegistry.Get(store.Name));
    }

    [Fact]
    public void Another_store_of_the_same_name_is_refused_unless_exist_ok()
    {
        Store first = NewStore();
        Store second = NewStore(first.Name);
        StoreRegistry.Register(first);

        var e = Assert.Throws<StoreExistsException>(() => StoreRegistry.Register(second));
        Assert.Equal(first.Name, e.StoreName);
        Assert.Same(first, StoreRegistry.Get(first.Name));

        StoreRegistry.Register(second, existOk: true);
        Assert.Same(second, StoreRegistry.Get(first.Name));
    }

    [Fact]
    public void Register_in_the_constructor_and_unregister_on_dispose()
    {
        string name = UniqueNames.Store("ctor-register");
        Assert.Null(StoreRegistry.Get(name));

        Store store = NewStore(name, register: true);
        Assert.Same(store, StoreRegistry.Get(name));
        Assert.True(store.ToConfig().Register);

        Assert.Throws<StoreExistsException>(() => NewStore(name, register: true));
        Assert.Same(store, StoreRegistry.Get(name));

        store.Dispose();
        Assert.Null(StoreRegistry.Get(name));
    }

    [Fact]
    public void Disposing_a_store_that_is_not_the_registered_one_leaves_the_registration()
    {
        Store registered = NewStore(register: true);
        Store sameName = NewStore(registered.Name);

        sameName.Dispose();

        Assert.Same(registered, StoreRegistry.Get(registered.Name));
    }

    [Fact]
    public void Get_or_create_creates_registers_and_then_reuses()
    {
        Store store = NewStore();
        Assert.Null(StoreRegistry.Get(store.Name));

        Store created = StoreRegistry.GetOrCreate(store.ToConfig());
        _stores.Add(created);

        Assert.NotSame(store, created);
        Assert.Same(created, StoreRegistry.Get(store.Name));
        Assert.Same(created, StoreRegistry.GetOrCreate(store.ToConfig()));
        Assert.Equal(store.Name, created.Name);

        // It works over the same objects: the config shares the LocalConnector's storage.
        StoreKey key = store.Put("v");
        Assert.Equal("v", created.Get<string>(key));
    }

    [Fact]
    public void Get_or_create_returns_the_store_already_registered()
    {
        Store store = NewStore(register: true);

        Assert.Same(store, StoreRegistry.GetOrCreate(store.ToConfig()));
    }

    [Fact]
    public void Get_or_create_with_a_registering_config_registers_once()
    {
        Store store = NewStore();

        Store created = StoreRegistry.GetOrCreate(store.ToConfig() with { Register = true });
        _stores.Add(created);

        Assert.Same(created, StoreRegistry.Get(store.Name));
        created.Dispose();
        Assert.Null(StoreRegistry.Get(store.Name));
    }

    // Issue 13: this used to create a second store silently. A disposed store's config now makes
    // no new store (it may have cleared its storage, and nothing would dispose the new one) until
    // a store is registered under the name again.
    [Fact]
    public void Get_or_create_after_the_store_was_disposed_refuses_until_the_name_is_registered_again()
    {
        Store store = NewStore();
        Store first = StoreRegistry.GetOrCreate(store.ToConfig());
        _stores.Add(first);
        first.Dispose();

        var e = Assert.Throws<StoreDisposedException>(() => StoreRegistry.GetOrCreate(store.ToConfig()));
        Assert.Equal(store.Name, e.StoreName);
        Assert.Contains($"'{store.Name}'", e.Message, StringComparison.Ordinal);
        Assert.Null(StoreRegistry.Get(store.Name));

        StoreRegistry.Register(store);
        StoreRegistry.Unregister(store.Name);
        Store second = StoreRegistry.GetOrCreate(store.ToConfig());
        _stores.Add(second);

        Assert.NotSame(first, second);
        Assert.Same(second, StoreRegistry.Get(store.Name));
    }

    [Fact]
    public void Null_arguments_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => StoreRegistry.Register(null!));
        Assert.Throws<ArgumentNullException>(() => StoreRegistry.Get(null!));
        Assert.Throws<ArgumentNullException>(() => StoreRegistry.Unregister(null!));
        Assert.Throws<ArgumentNullException>(() => StoreRegistry.GetOrCreate(null!));
    }
}

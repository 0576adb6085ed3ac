using ProxyStore.Connectors;
using ProxyStore.TestConsumer;
using ProxyStore.Tests.Redis;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Trust;

/// <summary>
/// A name is one store: a reference naming a registered store with other storage is refused,
/// never resolved against the other storage, and a resolution that fails registers nothing, so
/// one forged reference cannot redirect a store name for the whole process.
/// </summary>
public sealed class StoreNameTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_reference_naming_a_registered_store_with_another_directory_is_refused()
    {
        using var store = new Store(UniqueNames.Store("one-name"), new FileConnector(_dir.Sub("genuine")), register: true);
        using var other = new Store(UniqueNames.Store("other"), new FileConnector(_dir.Sub("other")));
        StoreKey planted = other.Put(new Payload("planted", [6, 6, 6]));
        byte[] genuine = ProxyReference.Serialize(store.Proxy<IPayload>(new Payload("genuine", [1, 2, 3])));

        byte[] forged = ForgedReferences.Edit(genuine, json =>
        {
            json["k"] = planted.Id;
            ForgedReferences.Options(json)["storeDirectory"] = _dir.Sub("other");
        });
        IPayload proxy = ProxyReference.Deserialize<IPayload>(forged);

        var refused = Assert.Throws<ProxyResolveException>(() => proxy.Label);
        var mismatch = Assert.IsType<StoreMismatchException>(refused.InnerException);
        Assert.Equal(store.Name, mismatch.StoreName);
        Assert.Equal("connector.options.storeDirectory", mismatch.Field);
        Assert.Contains(_dir.Sub("other"), mismatch.Message, StringComparison.Ordinal);
        Assert.Same(store, StoreRegistry.Get(store.Name));
        Assert.Equal("genuine", ProxyReference.Deserialize<IPayload>(genuine).Label);
    }

    [Fact]
    public async Task A_failed_resolution_registers_nothing_and_the_genuine_store_is_made_afterwards()
    {
        string name = UniqueNames.Store("unregistered");
        using var producer = new Store(name, new FileConnector(_dir.Sub("genuine"), clear: false));
        byte[] genuine = ProxyReference.Serialize(producer.Proxy<IPayload>(new Payload("genuine", [1, 2, 3])));

        Directory.CreateDirectory(_dir.Sub("elsewhere"));
        byte[] forged = ForgedReferences.Edit(genuine, json => ForgedReferences.Options(json)["storeDirectory"] = _dir.Sub("elsewhere"));

        Assert.Throws<ProxyResolveException>(() => ProxyReference.Deserialize<IPayload>(forged).Label);
        Assert.Null(StoreRegistry.Get(name));
        await Assert.ThrowsAsync<ProxyResolveException>(() => Proxies.ResolveAsync(ProxyReference.Deserialize<IPayload>(forged)));
        Assert.Null(StoreRegistry.Get(name));

        IPayload proxy = ProxyReference.Deserialize<IPayload>(genuine);
        Assert.Equal("genuine", proxy.Label);
        Store made = Assert.IsType<Store>(StoreRegistry.Get(name));
        Assert.Equal(_dir.Sub("genuine"), ((FileConnector)made.Connector).StoreDirectory);
        made.Dispose();
    }

    [Fact]
    public void A_forged_reference_that_resolves_first_makes_genuine_ones_fail_loudly_not_return_its_data()
    {
        string name = UniqueNames.Store("first-wins");
        using var attacker = new Store(UniqueNames.Store("attacker"), new FileConnector(_dir.Sub("attacker"), clear: false));
        StoreKey planted = attacker.Put(new Payload("planted", [6, 6, 6]));
        using var producer = new Store(name, new FileConnector(_dir.Sub("genuine"), clear: false));
        byte[] genuine = ProxyReference.Serialize(producer.Proxy<IPayload>(new Payload("genuine", [1, 2, 3])));
        byte[] forged = ForgedReferences.Edit(genuine, json =>
        {
            json["k"] = planted.Id;
            ForgedReferences.Options(json)["storeDirectory"] = _dir.Sub("attacker");
        });

        Assert.Equal("planted", ProxyReference.Deserialize<IPayload>(forged).Label);

        var refused = Assert.Throws<ProxyResolveException>(() => ProxyReference.Deserialize<IPayload>(genuine).Label);
        Assert.Equal("connector.options.storeDirectory", Assert.IsType<StoreMismatchException>(refused.InnerException).Field);
        StoreRegistry.Get(name)!.Dispose();
    }

    [Fact]
    public void A_consumer_may_open_the_producers_storage_with_its_own_clear_and_durability()
    {
        string name = UniqueNames.Store("own-settings");
        using var producer = new Store(name, new FileConnector(_dir.Sub("shared"), clear: true, durable: true));
        byte[] reference = ProxyReference.Serialize(producer.Proxy<IPayload>(new Payload("shared", [4, 5])));
        StoreRegistry.Register(new Store(name, new FileConnector(_dir.Sub("shared"), clear: false)), existOk: true);

        Assert.Equal("shared", ProxyReference.Deserialize<IPayload>(reference).Label);
        StoreRegistry.Get(name)!.Dispose();
    }

    [Fact]
    public void Get_or_create_names_the_first_field_that_differs()
    {
        using var store = new Store(UniqueNames.Store("fields"), new FileConnector(_dir.Sub("a")), register: true);
        StoreConfig config = store.ToConfig();

        var directory = Assert.Throws<StoreMismatchException>(() => StoreRegistry.GetOrCreate(config with { Connector = new FileConnector(_dir.Sub("b")).GetConfig() }));
        var kind = Assert.Throws<StoreMismatchException>(() => StoreRegistry.GetOrCreate(config with { Connector = new LocalConnector().GetConfig() }));

        Assert.Equal("connector.options.storeDirectory", directory.Field);
        Assert.Contains(store.Name, directory.Message, StringComparison.Ordinal);
        Assert.Equal("connector.kind", kind.Field);
        Assert.Same(store, StoreRegistry.GetOrCreate(config));
    }

    [Fact]
    public async Task A_redis_reference_with_another_prefix_or_database_is_refused()
    {
        using RedisConnector connector = RedisTestServer.NewConnector();
        using var store = new Store(UniqueNames.Store("redis-name"), connector, register: true);
        byte[] genuine = ProxyReference.Serialize(store.Proxy<IPayload>(new Payload("genuine", [1])));

        byte[] prefix = ForgedReferences.Edit(genuine, json => ForgedReferences.Options(json)["keyPrefix"] = RedisTestServer.UniquePrefix("other"));
        byte[] database = ForgedReferences.Edit(genuine, json => ForgedReferences.Options(json)["database"] = 3);
        byte[] timeout = ForgedReferences.Edit(genuine, json => ForgedReferences.Options(json)["operationTimeoutMs"] = 1234.0);

        var byPrefix = await Assert.ThrowsAsync<ProxyResolveException>(() => Proxies.ResolveAsync(ProxyReference.Deserialize<IPayload>(prefix)));
        var byDatabase = Assert.Throws<ProxyResolveException>(() => ProxyReference.Deserialize<IPayload>(database).Label);
        Assert.Equal("connector.options.keyPrefix", Assert.IsType<StoreMismatchException>(byPrefix.InnerException).Field);
        Assert.Equal("connector.options.database", Assert.IsType<StoreMismatchException>(byDatabase.InnerException).Field);
        Assert.Equal("genuine", ProxyReference.Deserialize<IPayload>(timeout).Label);
    }

    [Fact]
    public void Inside_a_multi_connector_each_connector_is_judged_by_its_own_kinds_fields()
    {
        string shared = _dir.Sub("multi-shared");
        using var store = new Store(
            UniqueNames.Store("multi-fields"),
            new MultiConnector([new RoutedConnector("files", new FileConnector(shared, clear: true), new Policy())]),
            register: true);
        StoreConfig config = store.ToConfig();
        ConnectorConfig Multi(FileConnector inner)
        {
            using var multi = new MultiConnector([new RoutedConnector("files", inner, new Policy())]);
            return multi.GetConfig();
        }

        // Clearing and durability are the file kind's own settings: the same storage.
        Assert.Same(store, StoreRegistry.GetOrCreate(config with { Connector = Multi(new FileConnector(shared, clear: false, durable: true)) }));

        var moved = Assert.Throws<StoreMismatchException>(
            () => StoreRegistry.GetOrCreate(config with { Connector = Multi(new FileConnector(_dir.Sub("multi-other"), clear: false)) }));
        Assert.EndsWith(".options.storeDirectory", moved.Field, StringComparison.Ordinal);
        Assert.StartsWith("connector.options.connectors[0]", moved.Field, StringComparison.Ordinal);
    }
}

using System.Text.Json;
using ProxyStore.Connectors;
using ProxyStore.Serialization;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests;

/// <summary>
/// Store basics: a port of ProxyStore's tests/store/store_basics_test.py (without the
/// proxy, future, _set and lifetime parts), run on every connector where it applies.
/// </summary>
public sealed class StoreBasicsTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<Store> _stores = [];

    public void Dispose()
    {
        foreach (Store store in _stores)
        {
            store.Dispose();
        }

        _dir.Dispose();
    }

    private Store NewStore(string connector = "local", int cacheSize = Store.DefaultCacheSize, ISerializer? serializer = null)
    {
        var store = new Store(UniqueNames.Store("basics"), ConnectorCases.Create(connector, _dir), serializer, cacheSize);
        _stores.Add(store);
        return store;
    }

    [Fact]
    public void Negative_cache_size_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Store(UniqueNames.Store("neg"), new LocalConnector(), cacheSize: -1));
    }

    [Fact]
    public void Init_and_register()
    {
        string name = UniqueNames.Store("test-store");
        Assert.Null(StoreRegistry.Get(name));

        using (var store = new Store(name, new LocalConnector(), register: true))
        {
            Assert.Same(store, StoreRegistry.Get(name));
            Assert.Throws<StoreExistsException>(() => new Store(name, new LocalConnector(), register: true));
            Assert.Same(store, StoreRegistry.Get(name));
        }

        // Disposing the store unregisters it.
        Assert.Null(StoreRegistry.Get(name));
    }

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public void Basic_operations(string connector)
    {
        Store store = NewStore(connector);

        AssertRoundTrip(store, "value"u8.ToArray(), (a, b) => Assert.Equal(a, b));
        AssertRoundTrip(store, "value", (a, b) => Assert.Equal(a, b));
        AssertRoundTrip(store, new List<string> { "value1", "value2", "value3" }, (a, b) => Assert.Equal(a, b));
        AssertRoundTrip(store, new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 }, (a, b) => Assert.Equal(a, b));
        AssertRoundTrip(store, new Point(3, -4, "p"), (a, b) => Assert.Equal(a, b));
    }

    private static void AssertRoundTrip<T>(Store store, T value, Action<T, T?> assertEqual)
    {
        StoreKey key = store.Put(value);

        Assert.True(store.Exists(key));
        assertEqual(value, store.Get<T>(key));

        store.Evict(key);
        Assert.False(store.Exists(key));
        Assert.False(store.IsCached(key));
        Assert.False(store.TryGet(key, out T? _));
    }

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public void Operations_on_a_missing_key(string connector)
    {
        Store store = NewStore(connector);
        StoreKey fake = store.Put(null);
        store.Evict(fake);

        Assert.Null(store.Get<string>(fake));
        Assert.Equal(0, store.Get<int>(fake));
        Assert.False(store.TryGet(fake, out string? value));
        Assert.Null(value);
        Assert.False(store.Exists(fake));
        store.Evict(fake); // evicting a missing key is a no-op
        Assert.False(store.IsCached(fake));
    }

    [Fact]
    public void Cache_size_zero_caches_nothing()
    {
        Store store = NewStore(cacheSize: 0);
        StoreKey key = store.Put("test_value");

        Assert.Equal("test_value", store.Get<string>(key));
        Assert.Equal("test_value", store.Get<string>(key));
        Assert.False(store.IsCached(key));
        Assert.Equal(0, store.CacheSize);
    }

    [Fact]
    public void Cache_size_one_keeps_the_last_object_read()
    {
        Store store = NewStore(cacheSize: 1);
        StoreKey key1 = store.Put("test_value");

        // A put does not cache; exists still asks the connector.
        Assert.False(store.IsCached(key1));
        Assert.True(store.Exists(key1));
        Assert.Equal("test_value", store.Get<string>(key1));
        Assert.True(store.IsCached(key1));

        // A cached key exists without asking the connector.
        store.Connector.Evict(key1);
        Assert.True(store.Exists(key1));
        Assert.Equal("test_value", store.Get<string>(key1));

        StoreKey key2 = store.Put("test_value2");
        Assert.True(store.IsCached(key1));
        Assert.False(store.IsCached(key2));

        Assert.Equal("test_value2", store.Get<string>(key2));
        Assert.False(store.IsCached(key1));
        Assert.True(store.IsCached(key2));
    }

    [Fact]
    public void A_cache_size_of_int_max_is_accepted()
    {
        Store store = NewStore(cacheSize: int.MaxValue);
        StoreKey key = store.Put("v");

        Assert.Equal("v", store.Get<string>(key));
        Assert.True(store.IsCached(key));
    }

    [Fact]
    public void Evict_removes_a_cached_object_from_the_cache()
    {
        Store store = NewStore();
        StoreKey key = store.Put("v");
        store.Get<string>(key);
        Assert.True(store.IsCached(key));

        store.Evict(key);

        Assert.False(store.IsCached(key));
        Assert.Null(store.Get<string>(key));
    }

    [Fact]
    public void A_custom_serializer_is_used_both_ways()
    {
        Store store = NewStore("file", serializer: new XorSerializer());

        StoreKey key = store.Put("ABC");

        byte[] raw = store.Connector.Get(key)!;
        Assert.Equal(DefaultSerializer.Instance.Serialize("ABC").Select(b => (byte)(b ^ XorSerializer.Mask)), raw[StoredFrame.HeaderSize..]);
        Assert.Equal("ABC", store.Get<string>(key));
        Assert.IsType<XorSerializer>(store.Serializer);
    }

    [Fact]
    public void A_failing_custom_deserializer_is_reported_with_key_and_store()
    {
        Store store = NewStore(serializer: new FailingDeserializer());
        StoreKey key = store.Put("value");

        var e = Assert.Throws<StoreSerializationException>(() => store.Get<string>(key));

        Assert.Contains(key.ToString(), e.Message);
        Assert.Contains(store.Name, e.Message);
        Assert.IsType<FormatException>(e.InnerException);
        Assert.False(store.IsCached(key));
    }

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public void Put_batch(string connector)
    {
        Store store = NewStore(connector);
        string[] values = ["test_value1", "test_value2", "test_value3"];

        IReadOnlyList<StoreKey> keys = store.PutBatch(values);

        Assert.Equal(3, keys.Count);
        Assert.Equal(3, keys.Distinct().Count());
        Assert.All(keys, k => Assert.True(store.Exists(k)));
        Assert.Equal(values, keys.Select(k => store.Get<string>(k)));
    }

    [Fact]
    public void Put_batch_of_nothing_returns_no_keys()
    {
        Store store = NewStore();

        Assert.Empty(store.PutBatch(Array.Empty<string>()));
    }

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public async Task Async_operations(string connector)
    {
        Store store = NewStore(connector);

        StoreKey key = await store.PutAsync("value");
        Assert.True(await store.ExistsAsync(key));
        Assert.Equal("value", await store.GetAsync<string>(key));
        Assert.Equal((true, "value"), await store.TryGetAsync<string>(key));
        await store.EvictAsync(key);
        Assert.False(await store.ExistsAsync(key));
        Assert.Equal((false, null), await store.TryGetAsync<string>(key));

        IReadOnlyList<StoreKey> keys = await store.PutBatchAsync(["a", "b"]);
        Assert.Equal(new[] { "a", "b" }, keys.Select(k => store.Get<string>(k)));
    }

    [Fact]
    public async Task Dispose_async_closes_the_connector_and_unregisters()
    {
        string dir = _dir.Sub("async-dispose");
        string name = UniqueNames.Store("dispose-async");
        var store = new Store(name, new FileConnector(dir), register: true);
        store.Put("v");

        await store.DisposeAsync();
        await store.DisposeAsync();

        Assert.Null(StoreRegistry.Get(name));
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void A_key_round_trips_through_json_and_still_finds_the_object()
    {
        Store store = NewStore("file");
        StoreKey key = store.Put("value");

        StoreKey? back = JsonSerializer.Deserialize<StoreKey>(JsonSerializer.Serialize(key));

        Assert.Equal(key, back);
        Assert.Equal(key.GetHashCode(), back!.GetHashCode());
        Assert.Equal("value", store.Get<string>(back));
    }

    [Fact]
    public void Describes_itself_by_name()
    {
        Store store = NewStore();

        Assert.Contains(store.Name, store.ToString());
    }

    private sealed record Point(int X, int Y, string Label);
}

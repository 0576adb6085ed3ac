using System.Text.Json;
using ProxyStore.Connectors;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Hotpaths;

/// <summary>The cache's byte bound as a setting: on the store, in its config, and in the references its proxies carry.</summary>
public sealed class CacheBytesTests
{
    [Fact]
    public void A_store_caches_values_up_to_its_byte_bound_and_not_beyond()
    {
        using var store = new Store(UniqueNames.Store("cache-bytes"), new LocalConnector(), cacheBytes: 2048);
        StoreKey small = store.Put(new byte[1000]);
        StoreKey large = store.Put(new byte[3000]);

        store.Get<byte[]>(small);
        store.Get<byte[]>(large);

        Assert.Equal(2048, store.CacheBytes);
        Assert.True(store.IsCached(small));
        Assert.False(store.IsCached(large));
    }

    [Fact]
    public void A_store_with_the_default_bound_says_so()
    {
        using var store = new Store(UniqueNames.Store("cache-bytes-default"), new LocalConnector());

        Assert.Equal(Store.DefaultCacheBytes, store.CacheBytes);
        Assert.Equal(Store.DefaultCacheBytes, store.ToConfig().CacheBytes);
    }

    [Fact]
    public void A_negative_byte_bound_is_refused_with_the_store_named()
    {
        string name = UniqueNames.Store("cache-bytes-negative");

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Store(name, new LocalConnector(), cacheBytes: -1));

        Assert.Equal("cacheBytes", error.ParamName);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_keeps_the_byte_bound_through_json_and_recreates_it()
    {
        using var store = new Store(UniqueNames.Store("cache-bytes-config"), new LocalConnector(), cacheBytes: 12_345);

        StoreConfig? back = JsonSerializer.Deserialize<StoreConfig>(JsonSerializer.Serialize(store.ToConfig()));
        using Store recreated = Store.FromConfig(back! with { Name = UniqueNames.Store("cache-bytes-recreated") });

        Assert.Equal(12_345, back.CacheBytes);
        Assert.Equal(12_345, recreated.CacheBytes);
    }

    [Fact]
    public void A_config_with_a_negative_byte_bound_is_refused()
    {
        StoreConfig config = new Store(UniqueNames.Store("cache-bytes-bad-config"), new LocalConnector()).ToConfig() with { CacheBytes = -5 };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Store.FromConfig(config));

        Assert.Contains("CacheBytes", error.ParamName, StringComparison.Ordinal);
    }

    [Fact]
    public void A_proxy_reference_carries_a_byte_bound_other_than_the_default()
    {
        using var store = new Store(UniqueNames.Store("cache-bytes-ref"), new LocalConnector(), cacheBytes: 4096, register: true);
        IList<byte> proxy = store.Proxy<IList<byte>>([1, 2, 3]);

        IList<byte> copy = ProxyReference.Deserialize<IList<byte>>(ProxyReference.Serialize(proxy));

        var factory = Assert.IsAssignableFrom<IStoreFactory>(Proxies.GetFactory(copy));
        Assert.Equal(4096, factory.StoreConfig.CacheBytes);
        Assert.Equal(store.ToConfig(), factory.StoreConfig);
    }
}

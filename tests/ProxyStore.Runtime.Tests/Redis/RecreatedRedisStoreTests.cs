using ProxyStore.Tests.Proxying;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Redis;

/// <summary>
/// A store the registry recreates from a Redis config that says <c>clear: true</c> does not own
/// the keys: disposing it (as the process does on exit, or by hand, sync or async) leaves them
/// for the store that created them.
/// </summary>
public sealed class RecreatedRedisStoreTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Disposing_a_recreated_store_keeps_the_owners_keys(bool disposeAsync)
    {
        using var owner = new Store(UniqueNames.Store("recreated-redis"), RedisTestServer.NewConnector(), metrics: true);
        string prefix = ((ProxyStore.Connectors.RedisConnector)owner.Connector).KeyPrefix;
        Assert.True(owner.ToConfig().Connector!.Options.GetProperty("clear").GetBoolean());
        IDataset proxy = owner.Proxy<IDataset>(ProxyTestStore.SampleData());
        StoreKey key = Proxies.GetKey(proxy);

        Assert.Equal(15, proxy.Sum());
        Store created = StoreRegistry.Get(owner.Name)!;
        Assert.NotSame(owner, created);
        if (disposeAsync)
        {
            await created.DisposeAsync();
        }
        else
        {
            StoreRegistry.DisposeCreatedStores(s => ReferenceEquals(s, created));
        }

        Assert.True(created.IsDisposed);
        Assert.Single(RedisTestServer.KeysUnder(prefix));
        Assert.Equal(ProxyTestStore.SampleData(), owner.Get<Dataset>(key));
    }
}

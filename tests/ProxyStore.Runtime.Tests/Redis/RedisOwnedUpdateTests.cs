using ProxyStore.TestConsumer;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Redis;

/// <summary>An owner's update and disposal over Redis: the overwrite is an evict and a set, which Redis allows.</summary>
public sealed class RedisOwnedUpdateTests
{
    [Fact]
    public void An_owner_update_writes_back_to_redis_and_disposal_evicts()
    {
        using var store = new Store(UniqueNames.Store("ownership-redis"), RedisTestServer.NewConnector(), register: true);
        Owned<IPayload> owned = store.OwnedProxy<IPayload>(new Payload("redis", [1, 2, 3]));
        owned.Value.Data[0] = 66;
        owned.Update();

        // Update drops the key from the store's cache, so this reads what Redis holds.
        Assert.Equal(66, store.Get<Payload>(owned.Key)!.Data[0]);

        owned.Dispose();
        Assert.False(store.Exists(owned.Key));
    }
}

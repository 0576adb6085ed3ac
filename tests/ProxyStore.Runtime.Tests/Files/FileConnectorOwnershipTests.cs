using ProxyStore.Connectors;
using ProxyStore.Tests.Multi;
using ProxyStore.Tests.Support;
using ProxyStore.TestConsumer;

namespace ProxyStore.Tests.Files;

// Only the connector the user constructed owns its storage: connectors recreated from a
// config never create, clean or delete it, and Close(clear: false) deletes nothing.
public sealed class FileConnectorOwnershipTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string StoreDir => _dir.Sub("store");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_connector_recreated_after_its_owner_cleared_finds_nothing_and_does_not_bring_the_directory_back()
    {
        var owner = new FileConnector(StoreDir, clear: true);
        StoreKey key = owner.Put(StoredFrame.Wrap([1, 2, 3]));
        ConnectorConfig config = owner.GetConfig();
        owner.Close();
        Assert.False(Directory.Exists(StoreDir));

        using IConnector recreated = config.CreateConnector();

        Assert.False(Directory.Exists(StoreDir));
        Assert.Null(recreated.Get(key));
        Assert.Null(await recreated.GetAsync(key));
        Assert.False(recreated.Exists(key));
        recreated.Evict(key);
        IOException put = Assert.Throws<IOException>(() => recreated.Put(new byte[] { 4 }));
        Assert.Contains(StoreDir, put.Message);
        Assert.Contains("does not exist", put.Message);
        IOException putAsync = await Assert.ThrowsAsync<IOException>(async () => await recreated.PutAsync(new byte[] { 4 }));
        Assert.Contains(StoreDir, putAsync.Message);
        Assert.False(Directory.Exists(StoreDir));
    }

    [Fact]
    public void A_proxy_of_a_disposed_store_fails_to_resolve_instead_of_finding_an_empty_store()
    {
        string name = UniqueNames.Store("disposed-owner");
        var store = new Store(name, new FileConnector(StoreDir, clear: true), register: true);
        IPayload proxy = store.Proxy<IPayload>(new Payload("gone", [1, 2, 3]));
        StoreKey key = Proxies.GetKey(proxy);
        store.Dispose();

        try
        {
            ProxyResolveException e = Assert.Throws<ProxyResolveException>(() => proxy.Label);

            Assert.Equal(key, e.Key);
            Assert.False(Directory.Exists(StoreDir));
        }
        finally
        {
            // The resolution registered a store recreated from the proxy's config.
            StoreRegistry.Get(name)?.Dispose();
        }
    }

    [Fact]
    public void Closing_without_clearing_keeps_the_directory_of_a_connector_made_to_clear()
    {
        IConnector owner = new FileConnector(StoreDir, clear: true);
        StoreKey key = owner.Put(new byte[] { 9 });

        owner.Close(clear: false);
        owner.Close();

        Assert.Equal(new byte[] { 9 }, File.ReadAllBytes(Path.Join(StoreDir, key.Id)));
        Assert.Throws<ObjectDisposedException>(() => owner.Put(new byte[] { 1 }));
    }

    [Fact]
    public void A_local_connector_never_clears_objects_another_connector_shares()
    {
        IConnector local = new LocalConnector();
        StoreKey key = local.Put(new byte[] { 5 });
        using IConnector twin = local.GetConfig().CreateConnector();

        local.Close(clear: true);

        Assert.Equal(new byte[] { 5 }, twin.Get(key));
    }

    [Fact]
    public void A_multi_connector_closed_without_clearing_closes_each_connector_without_clearing()
    {
        var small = new FileConnector(_dir.Sub("small"), clear: true);
        var large = new FileConnector(_dir.Sub("large"), clear: true);
        IConnector multi = new MultiConnector(
            new RoutedConnector("small", small, new Policy { MaxSizeBytes = MultiConnectorCase.SmallLimit }),
            new RoutedConnector("large", large, new Policy { MinSizeBytes = MultiConnectorCase.SmallLimit + 1 }));
        StoreKey smallKey = multi.Put(new byte[10]);
        StoreKey largeKey = multi.Put(new byte[MultiConnectorCase.SmallLimit + 10]);

        multi.Close(clear: false);

        Assert.True(File.Exists(Path.Join(small.StoreDirectory, smallKey.Id)));
        Assert.True(File.Exists(Path.Join(large.StoreDirectory, largeKey.Id)));
        Assert.Throws<ObjectDisposedException>(() => small.Put(new byte[1]));
        Assert.Throws<ObjectDisposedException>(() => large.Put(new byte[1]));
    }

    [Fact]
    public void A_multi_connector_closed_as_usual_lets_each_connector_clear_as_it_was_made_to()
    {
        var cleared = new FileConnector(_dir.Sub("cleared"), clear: true);
        var kept = new FileConnector(_dir.Sub("kept"), clear: false);
        var multi = new MultiConnector(
            new RoutedConnector("cleared", cleared, new Policy { MaxSizeBytes = MultiConnectorCase.SmallLimit }),
            new RoutedConnector("kept", kept, new Policy { MinSizeBytes = MultiConnectorCase.SmallLimit + 1 }));
        multi.Put(StoredFrame.Wrap(new byte[10]));
        StoreKey keptKey = multi.Put(StoredFrame.Wrap(new byte[MultiConnectorCase.SmallLimit + 10]));

        multi.Close();

        Assert.False(Directory.Exists(cleared.StoreDirectory));
        Assert.True(File.Exists(Path.Join(kept.StoreDirectory, keptKey.Id)));
    }
}

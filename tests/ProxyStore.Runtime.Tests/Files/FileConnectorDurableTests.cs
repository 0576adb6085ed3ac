using System.Text.Json;
using ProxyStore.Connectors;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Files;

// durable: true flushes each put to disk; the option travels in the config, and configs
// written before it existed still read.
public sealed class FileConnectorDurableTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string StoreDir => _dir.Sub("store");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_durable_connector_puts_and_gets_like_any_other()
    {
        using var connector = new FileConnector(StoreDir, durable: true);

        StoreKey key = connector.Put(new byte[] { 1, 2, 3 });
        StoreKey asyncKey = await connector.PutAsync(new byte[] { 4, 5 });
        IReadOnlyList<StoreKey> batch = await ((IConnector)connector).PutBatchAsync([new byte[] { 6 }, new byte[] { 7 }]);

        Assert.True(connector.Durable);
        Assert.Equal(new byte[] { 1, 2, 3 }, connector.Get(key));
        Assert.Equal(new byte[] { 4, 5 }, connector.Get(asyncKey));
        Assert.Equal([new byte[] { 6 }, new byte[] { 7 }], batch.Select(connector.Get));
        Assert.Empty(Directory.GetFiles(StoreDir, ".tmp-*"));
    }

    [Fact]
    public void A_connector_recreated_from_a_durable_connectors_config_is_durable()
    {
        using var owner = new FileConnector(StoreDir, clear: false, durable: true);

        using var recreated = Assert.IsType<FileConnector>(owner.GetConfig().CreateConnector());

        Assert.True(recreated.Durable);
        Assert.False(recreated.Clear);
        Assert.Equal(new byte[] { 8 }, owner.Get(recreated.Put(new byte[] { 8 })));
    }

    [Fact]
    public void A_config_written_before_durable_existed_reads_as_not_durable()
    {
        Directory.CreateDirectory(StoreDir);
        var config = new ConnectorConfig("file", JsonSerializer.SerializeToElement(new { storeDirectory = StoreDir, clear = false }));

        using var connector = Assert.IsType<FileConnector>(config.CreateConnector());

        Assert.False(connector.Durable);
        Assert.Equal(StoreDir, connector.StoreDirectory);
    }

    [Fact]
    public void The_default_connector_is_not_durable_and_says_so_in_its_config()
    {
        using var connector = new FileConnector(StoreDir);

        Assert.False(connector.Durable);
        Assert.False(connector.GetConfig().Options.GetProperty("durable").GetBoolean());
    }

    [Fact]
    public void A_durable_put_into_a_directory_its_owner_cleared_names_the_directory()
    {
        var owner = new FileConnector(StoreDir, clear: true, durable: true);
        ConnectorConfig config = owner.GetConfig();
        owner.Close();
        using IConnector recreated = config.CreateConnector();

        IOException e = Assert.Throws<IOException>(() => recreated.Put(new byte[] { 1 }));

        Assert.Contains(StoreDir, e.Message);
        Assert.False(Directory.Exists(StoreDir));
    }

    [Fact]
    public void Flushing_a_directory_that_is_gone_names_it()
    {
        if (!DirectorySync.IsSupported)
        {
            return; // Directories are flushed on Linux only; elsewhere Flush does nothing.
        }

        string missing = _dir.Sub("missing");

        IOException e = Assert.Throws<IOException>(() => DirectorySync.Flush(missing));

        Assert.Contains(missing, e.Message);
    }
}

using System.Text.Json;
using ProxyStore.Connectors;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests;

// A store that is refused or cannot be made closes its connector, and never clears it:
// the objects it reaches may belong to the store that holds the name.
public sealed class StoreRefusalTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string StoreDir => _dir.Sub("store");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_duplicate_store_on_the_same_directory_is_refused_and_leaves_the_first_stores_files()
    {
        string name = UniqueNames.Store("dup");
        using var first = new Store(name, new FileConnector(StoreDir, clear: true), register: true);
        StoreKey[] keys = [first.Put("a"), first.Put("b"), first.Put("c")];
        var refusedConnector = new FileConnector(StoreDir, clear: true);

        Assert.Throws<StoreExistsException>(() => new Store(name, refusedConnector, register: true));

        Assert.All(keys, key => Assert.True(File.Exists(Path.Join(StoreDir, key.Id)), $"{key} was deleted"));
        Assert.Equal(["a", "b", "c"], keys.Select(key => first.Get<string>(key)));
        Assert.Throws<ObjectDisposedException>(() => refusedConnector.Put(new byte[] { 1 }));
        Assert.Same(first, StoreRegistry.Get(name));
    }

    [Fact]
    public void A_duplicate_store_made_from_a_config_is_refused_and_leaves_the_first_stores_files()
    {
        string name = UniqueNames.Store("dup-config");
        using var first = new Store(name, new FileConnector(StoreDir, clear: true), register: true);
        StoreKey[] keys = [first.Put("a"), first.Put("b")];

        Assert.Throws<StoreExistsException>(() => Store.FromConfig(first.ToConfig()));

        Assert.All(keys, key => Assert.True(File.Exists(Path.Join(StoreDir, key.Id)), $"{key} was deleted"));
        Assert.Equal(["a", "b"], keys.Select(key => first.Get<string>(key)));
    }

    [Fact]
    public void FromConfig_closes_a_refused_connector_without_clearing_even_one_that_clears_on_close()
    {
        string kind = "clearing-" + Guid.NewGuid().ToString("N");
        var made = new List<ClearingConnector>();
        ConnectorConfig.RegisterKind(kind, _ =>
        {
            var connector = new ClearingConnector();
            made.Add(connector);
            return connector;
        });
        string name = UniqueNames.Store("taken");
        using var existing = new Store(name, new LocalConnector(), register: true);
        var config = new StoreConfig { Name = name, Connector = new ConnectorConfig(kind, JsonDocument.Parse("{}").RootElement), Register = true };

        Assert.Throws<StoreExistsException>(() => Store.FromConfig(config));

        Assert.Equal(["Close(clear: False)"], Assert.Single(made).Calls);
    }

    [Fact]
    public void A_store_that_cannot_be_made_closes_its_connector_without_clearing()
    {
        var connector = new FileConnector(StoreDir, clear: true);
        StoreKey key = connector.Put(new byte[] { 7 });

        Assert.Throws<ArgumentOutOfRangeException>(() => new Store(UniqueNames.Store("bad-cache"), connector, cacheSize: -1));

        Assert.Equal(new byte[] { 7 }, File.ReadAllBytes(Path.Join(StoreDir, key.Id)));
        Assert.Throws<ObjectDisposedException>(() => connector.Put(new byte[] { 1 }));
    }

    /// <summary>A connector that clears on <see cref="Close()"/>, and records how it was closed.</summary>
    private sealed class ClearingConnector : IConnector
    {
        private readonly LocalConnector _inner = new();

        public List<string> Calls { get; } = [];

        public StoreKey Put(ReadOnlyMemory<byte> data) => _inner.Put(data);

        public byte[]? Get(StoreKey key) => _inner.Get(key);

        public bool Exists(StoreKey key) => _inner.Exists(key);

        public void Evict(StoreKey key) => _inner.Evict(key);

        public ConnectorConfig GetConfig() => _inner.GetConfig();

        public void Close() => Calls.Add("Close() and clear");

        public void Close(bool clear) => Calls.Add($"Close(clear: {clear})");
    }
}

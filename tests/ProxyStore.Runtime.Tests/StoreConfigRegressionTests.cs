using ProxyStore.Connectors;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests;

// Configs and the registry, for cases found in review.
public sealed class StoreConfigRegressionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_store_recreated_from_a_config_does_not_delete_the_producers_directory()
    {
        string directory = _dir.Sub("shared");
        using var producer = new Store(UniqueNames.Store("producer"), new FileConnector(directory, clear: true));
        StoreKey key = producer.Put("kept");

        using (Store consumer = Store.FromConfig(producer.ToConfig() with { Name = UniqueNames.Store("consumer") }))
        {
            Assert.Equal("kept", consumer.Get<string>(key));
            Assert.True(((FileConnector)consumer.Connector).Clear);
        }

        Assert.True(Directory.Exists(directory));
        Assert.Equal("kept", producer.Get<string>(key));
        producer.Dispose();
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public void Registering_a_disposed_store_is_refused()
    {
        var store = new Store(UniqueNames.Store("disposed"), new LocalConnector());
        store.Dispose();

        Assert.Throws<ObjectDisposedException>(() => StoreRegistry.Register(store));
        Assert.Null(StoreRegistry.Get(store.Name));
    }

    [Fact]
    public void GetOrCreate_names_a_config_without_a_name()
    {
        var config = new StoreConfig { Name = "  ", Connector = new LocalConnector().GetConfig() };

        var error = Assert.Throws<ArgumentException>(() => StoreRegistry.GetOrCreate(config));

        Assert.Contains("name", error.Message);
    }

    [Fact]
    public void A_store_made_by_GetOrCreate_keeps_the_configs_registration_flag()
    {
        using var original = new Store(UniqueNames.Store("flag"), new LocalConnector(), register: true);
        StoreConfig config = original.ToConfig();
        StoreRegistry.Unregister(original.Name);

        Store made = StoreRegistry.GetOrCreate(config);
        try
        {
            Assert.NotSame(original, made);
            Assert.Equal(config, made.ToConfig());
            Assert.Same(made, StoreRegistry.Get(config.Name));
        }
        finally
        {
            made.Dispose();
        }
    }

    [Fact]
    public void A_guide_size_recorded_by_the_store_replaces_one_set_by_hand()
    {
        var key = new StoreKey("k");
        var metrics = new StoreMetrics();
        metrics.AddAttribute(MetricNames.GetObjectSize, key, 1);
        metrics.Entry(MetricsKey.For(key)).SetSize(SizeMetric.GetObjectSize, 6);

        Assert.Equal(6L, metrics.GetMetrics(key)!.Attributes[MetricNames.GetObjectSize]);
    }

    [Fact]
    public void A_file_connector_needs_a_directory_name_that_is_not_blank()
    {
        Assert.Throws<ArgumentException>(() => new FileConnector("   "));
    }
}

using ProxyStore.Connectors;
using ProxyStore.Serialization;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Serialization;

/// <summary>
/// <see cref="DefaultSerializer"/> over a source-generated <c>JsonSerializerContext</c> (the
/// trimming and NativeAOT path) and connector options through a <c>JsonTypeInfo</c>.
/// </summary>
public sealed class ContextSerializerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_store_with_a_context_serializer_round_trips_a_type_of_the_context()
    {
        using var store = new Store(UniqueNames.Store("context"), new FileConnector(_dir.Sub("objects")), new DefaultSerializer(ContextSerializerJson.Default));
        var reading = new SensorReading("s-1", 21.5, [3, 4, 5]);
        StoreKey key = store.Put(reading);

        // A second store over the same files reads the bytes, not the first one's cache.
        using var reader = new Store(UniqueNames.Store("context-reader"), new FileConnector(_dir.Sub("objects")), new DefaultSerializer(ContextSerializerJson.Default));
        SensorReading back = reader.Get<SensorReading>(key)!;

        Assert.Equal("s-1", back.Sensor);
        Assert.Equal(21.5, back.Value);
        Assert.Equal([3, 4, 5], back.Samples);
        Assert.Equal("text", store.Get<string>(store.Put("text")));
    }

    [Fact]
    public void A_type_without_a_contract_is_refused_by_name_and_nothing_is_stored()
    {
        using var store = new Store(UniqueNames.Store("context"), new FileConnector(_dir.Sub("refused")), new DefaultSerializer(ContextSerializerJson.Default));

        var e = Assert.Throws<StoreSerializationException>(() => store.Put(new Unlisted("x")));

        Assert.Contains(typeof(Unlisted).FullName!, e.Message, StringComparison.Ordinal);
        Assert.Contains("JsonSerializable", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(_dir.Sub("refused")) ? Directory.GetFiles(_dir.Sub("refused"), "*", SearchOption.AllDirectories) : []);
    }

    [Fact]
    public void Connector_options_round_trip_through_a_source_generated_contract()
    {
        ConnectorConfig config = ConnectorConfig.Create("custom", new CustomOptions("/data", 3), ContextSerializerJson.Default.CustomOptions);

        CustomOptions back = config.ReadOptions(ContextSerializerJson.Default.CustomOptions);

        Assert.Equal(new CustomOptions("/data", 3), back);
        Assert.Equal("/data", config.Options.GetProperty("Path").GetString());
    }
}

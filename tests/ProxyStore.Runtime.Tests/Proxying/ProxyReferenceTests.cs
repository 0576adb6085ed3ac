using System.Text.Json;
using System.Text.Json.Serialization;
using ProxyStore.Connectors;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Proxying;

[Collection(ListenerCollection.Name)]
public sealed class ProxyReferenceTests : IDisposable
{
    // A realistic store name and directory: a reference carries the store's config, whose
    // size the user controls; what must not matter is the size of the target.
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ps-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly ProxyTestStore _fixture;

    public ProxyReferenceTests()
    {
        _fixture = new ProxyTestStore(connector: new FileConnector(_directory), name: "refs-" + Guid.NewGuid().ToString("N")[..12]);
    }

    private Store Store => _fixture.Store;

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void A_reference_carries_the_factory_only_and_does_not_resolve()
    {
        var large = new Dataset("large", Enumerable.Range(0, 250_000).ToArray());
        IDataset proxy = Store.Proxy<IDataset>(large);

        byte[] reference = ProxyReference.Serialize(proxy);

        Assert.False(Proxies.IsResolved(proxy));
        Assert.True(reference.Length <= 200, $"reference is {reference.Length} bytes");
        Assert.True(new FileInfo(Path.Combine(_directory, Proxies.GetKey(proxy).Id)).Length > 1_000_000);
    }

    [Fact]
    public void A_deserialized_reference_is_an_unresolved_proxy_of_the_same_object()
    {
        IDataset proxy = Store.Proxy<IDataset>(ProxyTestStore.SampleData("shared"));

        IDataset copy = ProxyReference.Deserialize<IDataset>(ProxyReference.Serialize(proxy));

        Assert.NotSame(proxy, copy);
        Assert.False(Proxies.IsResolved(copy));
        Assert.Equal(Proxies.GetKey(proxy), Proxies.GetKey(copy));
        Assert.Equal("shared", copy.Name);
        Assert.Equal(15, copy.Sum());
        var factory = Assert.IsType<StoreFactory<IDataset>>(Proxies.GetFactory(copy));
        Assert.Equal(Store.ToConfig(), factory.StoreConfig);
    }

    [Fact]
    public void The_json_converter_writes_and_reads_proxies_inside_documents()
    {
        var message = new Message { Label = "job-1", Data = Store.Proxy<IDataset>(ProxyTestStore.SampleData("in-json")) };

        string json = JsonSerializer.Serialize(message);
        Message read = JsonSerializer.Deserialize<Message>(json)!;

        Assert.False(Proxies.IsResolved(message.Data));
        Assert.DoesNotContain("in-json", json);
        Assert.Equal("job-1", read.Label);
        Assert.False(Proxies.IsResolved(read.Data!));
        Assert.Equal("in-json", read.Data!.Name);
    }

    [Fact]
    public void The_json_converter_refuses_an_object_that_is_not_a_proxy()
    {
        var message = new Message { Label = "plain", Data = ProxyTestStore.SampleData() };

        var error = Assert.Throws<JsonException>(() => JsonSerializer.Serialize(message));

        Assert.Contains(nameof(Dataset), error.Message);
    }

    [Fact]
    public void Malformed_references_are_rejected()
    {
        Assert.Throws<JsonException>(() => ProxyReference.Deserialize<IDataset>("{}"u8));
        Assert.Throws<JsonException>(() => ProxyReference.Deserialize<IDataset>("not json"u8));
        Assert.Throws<ArgumentException>(() => ProxyReference.Serialize(new List<int>()));
    }

    [Fact]
    public void A_reference_to_an_unknown_connector_kind_fails_on_resolution_naming_the_store()
    {
        string json = """{"k":"abc","s":"nowhere","ck":"carrier-pigeon","co":{}}""";
        IDataset proxy = ProxyReference.Deserialize<IDataset>(System.Text.Encoding.UTF8.GetBytes(json));

        var error = Assert.Throws<ProxyResolveException>(() => proxy.Sum());

        Assert.Contains("nowhere", error.Message);
        Assert.Contains("carrier-pigeon", error.Message);
    }

    public sealed class Message
    {
        public string Label { get; set; } = "";

        [JsonConverter(typeof(ProxyJsonConverter<IDataset>))]
        public IDataset? Data { get; set; }
    }
}

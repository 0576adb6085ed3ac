using System.Text;
using System.Text.Json;
using ProxyStore.Connectors;
using ProxyStore.Streams;

namespace ProxyStore.Tests.Streams;

/// <summary>Ported from Python ProxyStore's tests/stream/events_test.py, plus the versioning the .NET format adds.</summary>
public sealed class StreamEventJsonTests
{
    private static readonly StoreConfig Config = new() { Name = "test", Connector = ConnectorConfig.Create("file", new { storeDirectory = "/tmp/x" }) };

    private static readonly IReadOnlyDictionary<string, JsonElement> Metadata = new Dictionary<string, JsonElement>
    {
        ["index"] = JsonSerializer.SerializeToElement(7),
        ["tags"] = JsonSerializer.SerializeToElement(new[] { "a", "b" }),
    };

    [Fact]
    public void A_batch_of_every_event_type_round_trips()
    {
        var key = new StoreKey("abc", connector: "inner");
        var batch = new EventBatch("topic", [
            new NewObjectEvent("topic", [1, 2, 3], Metadata),
            new NewObjectKeyEvent("topic", key, Config, Evict: true, Metadata, TraceParent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
            new EndOfStreamEvent("topic"),
        ]);

        EventBatch read = StreamEventJson.FromBytes(StreamEventJson.ToBytes(batch));

        Assert.Equal("topic", read.Topic);
        Assert.Equal(3, read.Events.Count);
        NewObjectEvent inline = Assert.IsType<NewObjectEvent>(read.Events[0]);
        Assert.Equal([1, 2, 3], inline.Data);
        Assert.Equal(7, inline.Metadata["index"].GetInt32());
        Assert.Equal(["a", "b"], inline.Metadata["tags"].EnumerateArray().Select(e => e.GetString()));
        NewObjectKeyEvent stored = Assert.IsType<NewObjectKeyEvent>(read.Events[1]);
        Assert.Equal(key, stored.Key);
        Assert.Equal("inner", stored.Key.Connector);
        Assert.Equal(Config.Name, stored.StoreConfig.Name);
        Assert.Equal("file", stored.StoreConfig.Connector.Kind);
        Assert.True(stored.Evict);
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", stored.TraceParent);
        Assert.Equal(new EndOfStreamEvent("topic"), read.Events[2]);
    }

    [Fact]
    public void Every_message_starts_with_its_version()
    {
        byte[] message = StreamEventJson.ToBytes(new EventBatch("t", [new EndOfStreamEvent("t")]));

        Assert.StartsWith("""{"version":1,""", Encoding.UTF8.GetString(message));
    }

    [Fact]
    public void A_newer_version_is_refused_before_its_events_are_read()
    {
        byte[] message = Encoding.UTF8.GetBytes("""{"version":3,"topic":"t","payload":"renamed"}""");

        StreamEventVersionException e = Assert.Throws<StreamEventVersionException>(() => StreamEventJson.FromBytes(message));

        Assert.Equal(3, e.Version);
        Assert.Contains("'t'", e.Message);
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[1]", "JSON object")]
    [InlineData("""{"topic":"t","events":[]}""", "'version'")]
    [InlineData("""{"version":1,"events":[]}""", "'topic'")]
    [InlineData("""{"version":1,"topic":"t"}""", "'events'")]
    [InlineData("""{"version":1,"topic":"t","events":[{"type":"teleport"}]}""", "'teleport'")]
    [InlineData("""{"version":1,"topic":"t","events":[{"type":"new_object","metadata":{}}]}""", "'new_object' event of topic 't' is malformed")]
    [InlineData("""{"version":0,"topic":"t","events":[]}""", "version 0")]
    public void Malformed_messages_are_refused_saying_what_is_wrong(string json, string expected)
    {
        StreamEventFormatException e = Assert.ThrowsAny<StreamEventFormatException>(() => StreamEventJson.FromBytes(Encoding.UTF8.GetBytes(json)));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_batch_with_an_event_of_another_topic_is_refused()
    {
        var batch = new EventBatch("a", [new EndOfStreamEvent("b")]);

        ArgumentException e = Assert.Throws<ArgumentException>(() => StreamEventJson.ToBytes(batch));

        Assert.Contains("'a'", e.Message);
        Assert.Contains("'b'", e.Message);
    }
}

using System.Text.Json;
using ProxyStore.Connectors;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Peer;

/// <summary>
/// A MultiConnector that keeps small objects inline in shared memory and serves large ones from
/// the process that made them: objects route by size, and a multi recreated from the config, as
/// another process would make it, reads both kinds bit for bit, the large ones pulled from the owner.
/// </summary>
public sealed class PeerMultiTests : IDisposable
{
    private const long InlineMax = 64 * 1024;

    private readonly SharedMemoryConnector _inline = new("peer-multi-" + Guid.NewGuid().ToString("N"));
    private readonly PeerConnector _peer = PeerSecrets.Owner();
    private readonly MultiConnector _multi;

    public PeerMultiTests()
    {
        _multi = new MultiConnector(
            new RoutedConnector("inline", _inline, new Policy { Priority = 1, MaxSizeBytes = InlineMax }),
            new RoutedConnector("peer", _peer, new Policy { MinSizeBytes = InlineMax + 1 }));
    }

    public void Dispose() => _multi.Close();

    [Fact]
    public void Small_objects_stay_inline_large_ones_on_the_peer_and_a_recreated_multi_gets_both_bit_for_bit()
    {
        byte[] small = new byte[1024], large = new byte[8 * 1024 * 1024];
        Random.Shared.NextBytes(small);
        Random.Shared.NextBytes(large);

        StoreKey smallKey = _multi.Put(small);
        StoreKey largeKey = _multi.Put(large);
        using var recreated = (MultiConnector)Roundtrip(_multi.GetConfig()).CreateConnector();

        Assert.Equal("inline", smallKey.Connector);
        Assert.Equal("peer", largeKey.Connector);
        Assert.True(_inline.Exists(smallKey.WithoutConnector()));
        Assert.StartsWith(_peer.Endpoint + "/", largeKey.Id, StringComparison.Ordinal);
        Assert.Equal(small, recreated.Get(smallKey));
        Assert.Equal(large, recreated.Get(largeKey));

        // The recreated peer only read: it never listened, so the large object crossed the socket.
        Assert.Null(((PeerConnector)recreated.Connectors["peer"]).Endpoint);
    }

    [Fact]
    public async Task Arrays_put_through_a_store_route_by_size_and_a_store_over_the_recreated_multi_reads_them()
    {
        using var producer = new Store(UniqueNames.Store("peer-multi-producer"), _multi, register: false);
        using var consumer = new Store(UniqueNames.Store("peer-multi-consumer"), Roundtrip(_multi.GetConfig()).CreateConnector(), register: false);
        double[] small = [.. Enumerable.Range(0, 100).Select(i => i * Math.PI)];
        double[] large = [.. Enumerable.Range(0, 1 << 20).Select(i => Math.Sqrt(i) * 1e-300)];
        large[1] = BitConverter.Int64BitsToDouble(0x7FF0_0000_0000_0ABC);

        StoreKey smallKey = await producer.PutAsync(small);
        StoreKey largeKey = await producer.PutAsync(large);

        Assert.Equal("inline", smallKey.Connector);
        Assert.Equal("peer", largeKey.Connector);
        Assert.Equal(small, await consumer.GetAsync<double[]>(smallKey));
        double[] got = (await consumer.GetAsync<double[]>(largeKey))!;
        Assert.True(large.AsSpan().SequenceEqual(got), "The large array read through the recreated multi differs.");
        Assert.Equal(BitConverter.DoubleToInt64Bits(large[1]), BitConverter.DoubleToInt64Bits(got[1]));
    }

    [Fact]
    public void The_multi_config_round_trips_with_its_policies_and_without_the_secret()
    {
        ConnectorConfig config = _multi.GetConfig();
        string json = JsonSerializer.Serialize(config);
        ConnectorConfig back = Roundtrip(config);
        using var recreated = (MultiConnector)back.CreateConnector();

        Assert.Equal(config, back);
        Assert.Equal(config, recreated.GetConfig());
        Assert.Equal(_multi.Policies, recreated.Policies);
        Assert.Equal(_peer.Name, ((PeerConnector)recreated.Connectors["peer"]).Name);
        Assert.Equal(_inline.Name, ((SharedMemoryConnector)recreated.Connectors["inline"]).Name);
        Assert.Contains(PeerConnectorOptions.DefaultSecretVariable, json, StringComparison.Ordinal);
        Assert.DoesNotContain(PeerSecrets.Test, json, StringComparison.Ordinal);
    }

    private static ConnectorConfig Roundtrip(ConnectorConfig config) =>
        JsonSerializer.Deserialize<ConnectorConfig>(JsonSerializer.Serialize(config))!;
}

using System.Net;
using System.Net.Sockets;
using ProxyStore.Connectors;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Peer;

/// <summary>
/// Objects pulled from the connector that owns them, over real loopback sockets: bytes and
/// arrays bit for bit, exists and evict asked of the owner, and each failure named.
/// </summary>
public sealed class PeerConnectorTests
{
    [Fact]
    public void Bytes_put_by_the_owner_are_pulled_by_another_connector_and_evicted_there()
    {
        using PeerConnector owner = PeerSecrets.Owner();
        using IConnector consumer = PeerSecrets.Recreated(owner);
        byte[] value = [.. Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7))];

        StoreKey key = owner.Put(value);

        Assert.StartsWith(owner.Endpoint + "/", key.Id, StringComparison.Ordinal);
        Assert.Equal(value, consumer.Get(key));
        Assert.True(consumer.Exists(key));
        consumer.Evict(key);
        Assert.False(owner.Exists(key));
        Assert.Null(consumer.Get(key));
    }

    [Fact]
    public async Task An_array_in_a_store_is_pulled_bit_for_bit_by_a_store_in_another_connector()
    {
        using var producer = new Store(UniqueNames.Store("peer-producer"), PeerSecrets.Owner(), register: false);
        using var consumer = new Store(UniqueNames.Store("peer-consumer"), PeerSecrets.Recreated(producer.Connector), register: false);
        double[] value = [.. Enumerable.Range(0, 3 * 1024 * 1024 / 8).Select(i => Math.Sin(i) * 1e300)];
        value[17] = -0.0;
        value[18] = BitConverter.Int64BitsToDouble(0x7FF8_0000_DEAD_BEEF);

        StoreKey key = producer.Put(value);

        double[] got = consumer.Get<double[]>(key)!;
        Assert.Equal(value.Length, got.Length);
        Assert.True(value.AsSpan().SequenceEqual(got), "The pulled array differs.");
        Assert.Equal(BitConverter.DoubleToInt64Bits(value[18]), BitConverter.DoubleToInt64Bits(got[18]));
        double[] gotAsync = (await consumer.GetAsync<double[]>(key))!;
        Assert.True(value.AsSpan().SequenceEqual(gotAsync));
    }

    [Fact]
    public void A_connector_with_another_secret_is_refused_both_ways_and_the_owner_logs_it()
    {
        var log = new ListLogger();
        using var owner = new PeerConnector(new PeerConnectorOptions { Secret = PeerSecrets.Test, Logger = log });
        StoreKey key = owner.Put("secret data"u8.ToArray());
        using var stranger = new PeerConnector(new PeerConnectorOptions { Secret = PeerSecrets.Other });

        var error = Assert.Throws<PeerAuthenticationException>(() => stranger.Get(key));

        Assert.Equal(owner.Endpoint, error.Endpoint);
        Assert.Contains(owner.Endpoint!, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(PeerSecrets.Test, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(PeerSecrets.Other, error.Message, StringComparison.Ordinal);

        // The stranger hangs up on the owner's proof; the owner logs that on its own thread.
        SpinWait.SpinUntil(() => log.Messages.Any(m => m.Contains("refused", StringComparison.Ordinal)), TimeSpan.FromSeconds(30));
        string refused = Assert.Single(log.Messages, m => m.Contains("refused", StringComparison.Ordinal));
        Assert.StartsWith("Warning: ", refused, StringComparison.Ordinal);
        Assert.Contains(owner.Endpoint!, refused, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_that_cannot_prove_the_secret_is_refused_and_logged_by_the_owner()
    {
        var log = new ListLogger();
        using var owner = new PeerConnector(new PeerConnectorOptions { Secret = PeerSecrets.Test, Logger = log });
        StoreKey key = owner.Put(new byte[] { 1, 2, 3 });

        // A raw client that speaks the protocol but answers the server's challenge wrongly.
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(IPEndPoint.Parse(owner.Endpoint!));
        using var stream = new NetworkStream(socket);
        stream.Write([.. "PSPEER\0\u0001"u8, .. new byte[32], 1, (byte)'x']);
        stream.ReadExactly(new byte[8 + 32 + 22 + 32]);
        stream.Write(new byte[32]);
        Assert.Equal(1, stream.ReadByte());
        Assert.Equal(-1, stream.ReadByte());

        string refused = Assert.Single(log.Messages, m => m.Contains("refused", StringComparison.Ordinal));
        Assert.Contains(owner.Endpoint!, refused, StringComparison.Ordinal);
        Assert.DoesNotContain(PeerSecrets.Test, string.Join("\n", log.Messages), StringComparison.Ordinal);
        Assert.True(owner.Exists(key));
    }

    [Fact]
    public void Connectors_built_with_the_same_store_name_share_objects_and_other_names_see_none()
    {
        using var owner = new PeerConnector(new PeerConnectorOptions { Secret = PeerSecrets.Test, Name = "shared-name" });
        using var sameStore = new PeerConnector(new PeerConnectorOptions { Secret = PeerSecrets.Test, Name = "shared-name" });
        using var otherStore = new PeerConnector(new PeerConnectorOptions { Secret = PeerSecrets.Test, Name = "other-name" });
        StoreKey key = owner.Put(new byte[] { 7, 8, 9 });

        Assert.Equal(new byte[] { 7, 8, 9 }, sameStore.Get(key));
        Assert.False(otherStore.Exists(key));
        Assert.Null(otherStore.Get(key));
        otherStore.Evict(key);
        Assert.True(owner.Exists(key));
    }

    [Fact]
    public void Without_a_secret_no_connector_starts_and_the_error_names_the_variable()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new PeerConnector(new PeerConnectorOptions { SecretVariable = "PROXYSTORE_PEER_SECRET_UNSET_IN_TESTS" }));
        Assert.Contains("PROXYSTORE_PEER_SECRET_UNSET_IN_TESTS", error.Message, StringComparison.Ordinal);

        var shortOne = Assert.Throws<InvalidOperationException>(() => new PeerConnector(new PeerConnectorOptions { Secret = "short" }));
        Assert.Contains("at least 16", shortOne.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_secret_is_in_no_config_key_or_text()
    {
        using PeerConnector owner = PeerSecrets.Owner();
        StoreKey key = owner.Put(new byte[] { 1 });

        string config = owner.GetConfig().ToString();

        Assert.DoesNotContain(PeerSecrets.Test, config, StringComparison.Ordinal);
        Assert.DoesNotContain(PeerSecrets.Test, key.ToString(), StringComparison.Ordinal);
        Assert.Contains(PeerConnectorOptions.DefaultSecretVariable, config, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_owner_that_has_gone_is_an_error_naming_endpoint_and_key_after_the_wait()
    {
        PeerConnector owner = PeerSecrets.Owner();
        StoreKey key = owner.Put(new byte[] { 1, 2, 3 });
        string endpoint = owner.Endpoint!;
        owner.Close();
        using var consumer = new PeerConnector(new PeerConnectorOptions { Secret = PeerSecrets.Test, OwnerWait = TimeSpan.FromMilliseconds(300) });

        var error = Assert.Throws<PeerConnectorException>(() => consumer.Get(key));

        Assert.Equal(endpoint, error.Endpoint);
        Assert.Equal(key.ToString(), error.Key);
        Assert.Contains(endpoint, error.Message, StringComparison.Ordinal);
        Assert.Contains(key.ToString(), error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<PeerConnectorException>(async () => await consumer.ExistsAsync(key));
    }

    [Fact]
    public void An_owner_restarted_on_the_same_port_does_not_answer_for_the_earlier_runs_keys()
    {
        int port = FreePort();
        StoreKey old;
        using (PeerConnector first = PeerSecrets.Owner(port: port))
        {
            old = first.Put(new byte[] { 1, 2, 3 });
        }

        using PeerConnector second = PeerSecrets.Owner(port: port);
        StoreKey fresh = second.Put(new byte[] { 4, 5, 6 });
        using IConnector consumer = PeerSecrets.Recreated(second);

        Assert.NotEqual(old.Id[..old.Id.LastIndexOf('/')], fresh.Id[..fresh.Id.LastIndexOf('/')]);
        Assert.False(consumer.Exists(old));
        Assert.Null(consumer.Get(old));
        Assert.Equal(new byte[] { 4, 5, 6 }, consumer.Get(fresh));
        var error = Assert.Throws<PeerConnectorException>(() => ((IDeferrableConnector)consumer).Set(old, new byte[] { 9 }));
        Assert.Contains("restarted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_transfer_cut_half_way_is_an_error_never_a_shorter_value()
    {
        PeerConnector owner = PeerSecrets.Owner();
        byte[] value = new byte[64 * 1024 * 1024];
        Random.Shared.NextBytes(value);
        StoreKey key = owner.Put(value);
        using var consumer = (PeerConnector)PeerSecrets.Recreated(owner);

        using FrameSource source = ((IFrameSourceConnector)consumer).OpenFrame(key)!;
        byte[] start = new byte[1024 * 1024];
        source.Read(0, start);
        owner.Close();

        var error = Assert.Throws<PeerConnectorException>(() => source.Read(start.Length, new byte[value.Length - start.Length]));
        Assert.Equal(key.ToString(), error.Key);
        Assert.Contains("cut", error.Message, StringComparison.Ordinal);
        Assert.Equal(value.AsSpan(0, start.Length).ToArray(), start);
    }

    [Fact]
    public void Keys_that_are_not_peer_keys_are_refused_by_name()
    {
        using PeerConnector owner = PeerSecrets.Owner();

        foreach (string id in new[] { "plain", "host:1/run/../x", "http://evil:80/run/object", "host:0/run/object", "a b:80/run/object" })
        {
            var error = Assert.Throws<ArgumentException>(() => owner.Get(new StoreKey(id)));
            Assert.Contains(id, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_future_is_set_from_another_connector_and_wakes_the_owners_waiter()
    {
        using var owner = new Store(UniqueNames.Store("peer-future"), PeerSecrets.Owner(), register: false);
        using var other = new Store(UniqueNames.Store("peer-future-setter"), PeerSecrets.Recreated(owner.Connector), register: false);
        StoreFuture<int[]> future = owner.Future<int[]>();
        Task<int[]> waiting = Task.Run(() => future.Result(TimeSpan.FromMinutes(1)));

        // As a future that travelled to another process sets its value there.
        other.SetFuture(future.Key, new[] { 1, 2, 3 });

        int[] got = await waiting;
        Assert.Equal(new[] { 1, 2, 3 }, got);
        Assert.Throws<KeyAlreadySetException>(() => other.SetFuture(future.Key, new[] { 4 }));
    }

    [Fact]
    public async Task A_consumer_waits_on_a_key_its_owner_has_not_set_yet_and_gets_the_value_once_set()
    {
        using var owner = new Store(UniqueNames.Store("peer-future-owner"), PeerSecrets.Owner(), register: false);
        using var consumer = new Store(UniqueNames.Store("peer-future-consumer"), PeerSecrets.Recreated(owner.Connector), register: false);
        StoreFuture<double[]> future = owner.Future<double[]>();
        double[] value = [.. Enumerable.Range(0, 300_000).Select(i => i * 0.5)];

        ValueTask<double[]?> waiting = FuturePoller.WaitAsync<double[]>(consumer, future.Key, new PollingOptions(), TimeSpan.FromMinutes(1), evict: false, CancellationToken.None);
        Assert.False(await consumer.ExistsAsync(future.Key));
        future.SetResult(value);

        Assert.Equal(value, await waiting);
    }

    [Fact]
    public void Processes_of_one_store_that_listen_differently_are_one_store_and_another_name_is_not()
    {
        using var here = new PeerConnector(new PeerConnectorOptions { Secret = PeerSecrets.Test, Name = "one-store", OwnerWait = TimeSpan.FromSeconds(3) });
        using var there = new PeerConnector(new PeerConnectorOptions { Secret = PeerSecrets.Test, Name = "one-store", Host = "0.0.0.0", AdvertisedHost = "node-2", SecretVariable = "NODE2_SECRET" });
        using var other = new PeerConnector(new PeerConnectorOptions { Secret = PeerSecrets.Test, Name = "another-store" });

        StoreIdentity.Check("s", here.GetConfig(), there.GetConfig());
        var mismatch = Assert.Throws<StoreMismatchException>(() => StoreIdentity.Check("s", here.GetConfig(), other.GetConfig()));
        Assert.Contains("name", mismatch.Message, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using ProxyStore.Connectors;

namespace ProxyStore.Orleans.Tests.Peer;

/// <summary>
/// Orleans with the peer store, across two silo processes: each silo serves its own objects, and
/// a grain argument is pulled from the calling silo's process by the receiving one.
/// </summary>
/// <remarks>
/// Silo A and the test's client share the test process and its <see cref="PeerConnector"/>; silo
/// B is another process with a connector of its own (<see cref="PeerClusterFixture"/>). An object
/// A puts lives only in A's memory, so B holding its bytes proves B read them from A's server over
/// the socket the key names; and the other way round for a result B makes.
/// </remarks>
public sealed class PeerStoreTwoSiloTests(PeerClusterFixture fixture) : IClassFixture<PeerClusterFixture>
{
    // 4 Mi doubles, 32 MiB: far above the threshold.
    private const int Count = 4 * 1024 * 1024;

    [Fact]
    public async Task A_large_argument_from_silo_A_is_pulled_by_silo_B_from_A_and_B_result_is_pulled_back_from_B_bit_for_bit()
    {
        IPeerGrain onA = await fixture.GrainOn(fixture.LocalSilo, 1_000);
        IPeerGrain onB = await fixture.GrainOn(fixture.RemoteSilo, 2_000);
        string endpointA = fixture.Connector.Endpoint!;

        PeerExchange exchange = await onA.Exchange(onB.GetPrimaryKeyLong(), Count, seed: 31);
        PeerPlace placeB = await onB.Place();

        // The two silos are two processes, each with its own peer server.
        Assert.Equal(Environment.ProcessId, exchange.Sender.ProcessId);
        Assert.NotEqual(Environment.ProcessId, exchange.Arrival.Place.ProcessId);
        Assert.Equal(fixture.RemoteSilo.SiloAddress.ToString(), exchange.Arrival.Place.Silo);
        Assert.Equal(endpointA, exchange.Sender.Endpoint);
        Assert.NotNull(placeB.Endpoint);
        Assert.NotEqual(endpointA, placeB.Endpoint);

        // The argument went as an unresolved proxy whose key names A's server, not B's...
        PeerArrival arrival = exchange.Arrival;
        Assert.True(arrival.WasProxy);
        Assert.False(arrival.WasResolved);
        Assert.StartsWith(endpointA + "/", arrival.Key, StringComparison.Ordinal);

        // ...and B, which never held it, resolved it to the very bits A sent.
        Assert.Equal(Count, arrival.Length);
        Assert.Equal(PeerData.Sha256(PeerData.Make(Count, 31)), exchange.SentSha256);
        Assert.Equal(exchange.SentSha256, arrival.Sha256);

        // B's result stayed in B and was pulled from B's server by A.
        Assert.StartsWith(placeB.Endpoint + "/", exchange.ResultKey, StringComparison.Ordinal);
        Assert.Equal(PeerData.Sha256(PeerData.Make(Count, 32)), exchange.ResultSha256);

        // A's call filter evicted the argument from A once the call completed.
        Assert.False(await fixture.Store.Connector.ExistsAsync(new StoreKey(arrival.Key!)));
    }

    [Fact]
    public async Task Silo_B_resolves_from_the_owner_its_key_names_and_fails_naming_it_when_that_owner_has_stopped()
    {
        IPeerGrain onB = await fixture.GrainOn(fixture.RemoteSilo, 3_000);

        // An owner of the same store in this process, stopped before B reads: B has no copy to fall back on.
        var owner = new PeerConnector(new PeerConnectorOptions { Name = fixture.Connector.Name, SecretVariable = PeerClusterFixture.SecretVariable, OwnerWait = PeerClusterFixture.OwnerWait });
        StoreKey key;
        using (var store = new Store(fixture.Store.Name, owner))
        {
            IReadOnlyList<double> proxy = store.Proxy<IReadOnlyList<double>>(PeerData.Make(1024, 7));
            key = Proxies.GetKey(proxy);
            Assert.StartsWith(owner.Endpoint + "/", key.Id, StringComparison.Ordinal);
            owner.Close();

            Exception error = await Assert.ThrowsAnyAsync<Exception>(() => onB.Receive(proxy));
            Assert.Contains(owner.Endpoint!, error.ToString(), StringComparison.Ordinal);
        }
    }
}

using Microsoft.Extensions.Configuration;
using ProxyStore.Connectors;

namespace ProxyStore.Orleans.Tests.Peer;

/// <inheritdoc cref="IPeerGrain" />
public sealed class PeerGrain(ILocalSiloDetails silo, IConfiguration configuration) : Grain, IPeerGrain
{
    private readonly string _store = PeerClusterFixture.StoreConfigOf(configuration).Name;

    /// <inheritdoc />
    public async Task<PeerExchange> Exchange(long peer, int count, int seed)
    {
        double[] sent = PeerData.Make(count, seed);
        IPeerGrain other = GrainFactory.GetGrain<IPeerGrain>(peer);
        PeerArrival arrival = await other.Receive(sent);
        IReadOnlyList<double> result = await other.Make(count, seed + 1);
        string? resultKey = Proxies.TryGetKey(result)?.ToString();
        return new PeerExchange(PeerData.Sha256(sent), arrival, resultKey, PeerData.Sha256(result), Here());
    }

    /// <inheritdoc />
    public Task<PeerArrival> Receive(IReadOnlyList<double> data)
    {
        bool proxy = Proxies.IsProxy(data);
        bool resolved = !proxy || Proxies.IsResolved(data);
        string? key = Proxies.TryGetKey(data)?.ToString();
        string sha = PeerData.Sha256(data);
        return Task.FromResult(new PeerArrival(proxy, resolved, key, sha, data.Count, Here()));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<double>> Make(int count, int seed) => Task.FromResult<IReadOnlyList<double>>(PeerData.Make(count, seed));

    /// <inheritdoc />
    public Task<PeerPlace> Place() => Task.FromResult(Here());

    private PeerPlace Here() =>
        new(silo.SiloAddress.ToString(), Environment.ProcessId, (StoreRegistry.Get(_store)?.Connector as PeerConnector)?.Endpoint);
}

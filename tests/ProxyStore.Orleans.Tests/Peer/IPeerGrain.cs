namespace ProxyStore.Orleans.Tests.Peer;

/// <summary>A grain of the peer-store cluster: sends, receives and makes large arrays, and says which process it runs in.</summary>
public interface IPeerGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Makes <paramref name="count"/> doubles from <paramref name="seed"/>, sends them to grain
    /// <paramref name="peer"/>'s <see cref="Receive"/>, then takes a result of as many doubles
    /// from its <see cref="Make"/>, and reports both.
    /// </summary>
    [ResponseTimeout("00:02:00")]
    Task<PeerExchange> Exchange(long peer, int count, int seed);

    /// <summary>Reports how the data arrived, then reads all of it.</summary>
    [ResponseTimeout("00:02:00")]
    Task<PeerArrival> Receive(IReadOnlyList<double> data);

    /// <summary><see cref="PeerData.Make"/>'s doubles, as a result.</summary>
    Task<IReadOnlyList<double>> Make(int count, int seed);

    /// <summary>This activation's silo and process, and the endpoint the process serves the cluster store's objects at.</summary>
    Task<PeerPlace> Place();
}

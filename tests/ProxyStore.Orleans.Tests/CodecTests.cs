using ProxyStore.Orleans.Tests.Grains;
using ProxyStore.Orleans.Tests.Support;

namespace ProxyStore.Orleans.Tests;

/// <summary>A proxy the caller made crosses grain calls as its reference and arrives unresolved.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CodecTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Cluster.Client;

    [Fact]
    public async Task A_proxy_argument_arrives_as_an_unresolved_proxy_of_the_same_key()
    {
        IReadOnlyList<byte> proxy = fixture.Store.Proxy<IReadOnlyList<byte>>(Bytes(1000));
        try
        {
            Arrival arrival = await _grains.GetGrain<IDataGrain>(1).Inspect(proxy);

            Assert.True(arrival.IsProxy);
            Assert.False(arrival.IsResolved);
            Assert.Equal(Proxies.GetKey(proxy).ToString(), arrival.Key);
            Assert.False(Proxies.IsResolved(proxy));
        }
        finally
        {
            fixture.Store.Evict(Proxies.GetKey(proxy));
        }
    }

    [Fact]
    public async Task A_proxy_inside_a_serializable_record_stays_a_reference()
    {
        IReadOnlyList<byte> proxy = fixture.Store.Proxy<IReadOnlyList<byte>>(Bytes(10));
        try
        {
            Arrival arrival = await _grains.GetGrain<IDataGrain>(2).InspectEnvelope(new Envelope { Label = "x", Data = proxy });

            Assert.Equal(new Arrival(true, false, Proxies.GetKey(proxy).ToString()), arrival);
        }
        finally
        {
            fixture.Store.Evict(Proxies.GetKey(proxy));
        }
    }

    [Fact]
    public async Task A_proxy_forwarded_along_a_chain_of_grains_resolves_only_at_the_end_to_the_right_data()
    {
        byte[] data = Bytes(5000);
        IReadOnlyList<byte> proxy = fixture.Store.Proxy<IReadOnlyList<byte>>(data);
        try
        {
            long sum = await _grains.GetGrain<IDataGrain>(100).Forward(proxy, hops: 2);

            Assert.Equal(data.Sum(b => (long)b), sum);
            Assert.False(Proxies.IsResolved(proxy));
            Assert.Equal(1, fixture.Store.Metrics!.GetMetrics(proxy)!.Times[MetricNames.Get].Count);
        }
        finally
        {
            fixture.Store.Evict(Proxies.GetKey(proxy));
        }
    }

    internal static byte[] Bytes(int size)
    {
        var data = new byte[size];
        for (int i = 0; i < size; i++)
        {
            data[i] = (byte)(i * 7);
        }

        return data;
    }
}

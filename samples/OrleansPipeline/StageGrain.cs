using ProxyStore;

namespace OrleansPipeline;

/// <inheritdoc cref="IStageGrain" />
public sealed class StageGrain(ILocalSiloDetails silo) : Grain, IStageGrain
{
    /// <inheritdoc />
    public async Task<StageResult> ForwardArray(byte[] data, long[] route)
    {
        if (route is [])
        {
            return new StageResult(Sum(data), Here);
        }

        StageResult rest = await Next(route).ForwardArray(data, route[1..]);
        return rest with { Path = $"{Here} > {rest.Path}" };
    }

    /// <inheritdoc />
    public async Task<StageResult> Forward(IReadOnlyList<byte> data, long[] route)
    {
        if (route is [])
        {
            // The only stage that uses the data, so the only one that reads it from the store.
            return new StageResult(Sum(Proxies.Extract(data) as byte[] ?? [.. data]), Here);
        }

        StageResult rest = await Next(route).Forward(data, route[1..]);
        return rest with { Path = $"{Here} > {rest.Path}" };
    }

    /// <inheritdoc />
    public Task<int> Silo() => Task.FromResult(silo.SiloAddress.Endpoint.Port);

    private IStageGrain Next(long[] route) => GrainFactory.GetGrain<IStageGrain>(route[0]);

    private string Here => $"silo:{silo.SiloAddress.Endpoint.Port}";

    private static long Sum(byte[] data)
    {
        long sum = 0;
        foreach (byte b in data)
        {
            sum += b;
        }

        return sum;
    }
}

namespace ProxyStore.Orleans.Tests.Grains;

/// <inheritdoc cref="IDataGrain" />
public sealed class DataGrain(ILocalSiloDetails silo) : Grain, IDataGrain
{
    /// <inheritdoc />
    public Task<long> Sum(IReadOnlyList<byte> data) => Task.FromResult(SumOf(data));

    /// <inheritdoc />
    public Task<long> SumImmutable(IReadOnlyList<byte> data) => Sum(data);

    public Task<long> SumCopied(IReadOnlyList<byte> data) => Sum(data);

    public Task<long> SumArray(byte[] data) => Task.FromResult(SumOf(data));

    /// <inheritdoc />
    public Task<double> Mixed(IReadOnlyList<double> values, Dictionary<string, string> labels) => Task.FromResult(values.Sum() + labels.Count);

    /// <inheritdoc />
    public Task<Arrival> Inspect(IReadOnlyList<byte> data) => Task.FromResult(ArrivalOf(data));

    /// <inheritdoc />
    public Task<Arrival> InspectEnvelope(Envelope envelope) => Task.FromResult(ArrivalOf(envelope.Data!));

    /// <inheritdoc />
    public Task<long> Forward(IReadOnlyList<byte> data, int hops) =>
        hops == 0 ? Sum(data) : GrainFactory.GetGrain<IDataGrain>(this.GetPrimaryKeyLong() + 1).Forward(data, hops - 1);

    /// <inheritdoc />
    public async Task<long> SumOfEvictedResult(int size)
    {
        IReadOnlyList<byte> result = await GrainFactory.GetGrain<IDataGrain>(this.GetPrimaryKeyLong() + 1).Make(size);
        string storeName = ((IStoreFactory)Proxies.GetFactory(result)).StoreConfig.Name;
        await StoreRegistry.Get(storeName)!.EvictAsync(Proxies.GetKey(result));
        return SumOf(result);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<byte>> Make(int size)
    {
        var data = new byte[size];
        for (int i = 0; i < size; i++)
        {
            data[i] = (byte)i;
        }

        return Task.FromResult<IReadOnlyList<byte>>(data);
    }

    /// <inheritdoc />
    public Task<string> Silo() => Task.FromResult(silo.SiloAddress.ToString());

    /// <inheritdoc />
    public async Task<long> Hang(IReadOnlyList<byte> data)
    {
        Blocking.Enter(Proxies.TryGetKey(data)?.ToString() ?? "not a proxy");
        await Task.Delay(Timeout.Infinite);
        return 0;
    }

    /// <summary>The sum of the bytes, reading a proxy's target array directly rather than byte by byte through the proxy.</summary>
    internal static long SumOf(IReadOnlyList<byte> data)
    {
        ReadOnlySpan<byte> bytes = Proxies.Extract(data) is byte[] array ? array : data.ToArray();
        long sum = 0;
        foreach (byte b in bytes)
        {
            sum += b;
        }

        return sum;
    }

    private static Arrival ArrivalOf(IReadOnlyList<byte> data) =>
        Proxies.IsProxy(data) ? new Arrival(true, Proxies.IsResolved(data), Proxies.GetKey(data).ToString()) : new Arrival(false, true, null);
}

namespace ProxyStore.Orleans.Tests.Grains;

/// <summary>A grain that takes and returns data through proxiable (interface) and non-proxiable (array) parameters.</summary>
public interface IDataGrain : IGrainWithIntegerKey
{
    /// <summary>Reads every byte and returns their sum.</summary>
    /// <remarks>Reading 200 MB from Redis can take longer than Orleans' default 30 s on a busy shared machine.</remarks>
    [ResponseTimeout("00:05:00")]
    Task<long> Sum(IReadOnlyList<byte> data);

    /// <summary><see cref="Sum"/> with the parameter [Immutable]: Orleans does not copy it before the filter stores it.</summary>
    Task<long> SumImmutable([Immutable] IReadOnlyList<byte> data);

    /// <summary><see cref="Sum"/> again, called by one test only, so what the client logs of it is that test's.</summary>
    Task<long> SumCopied(IReadOnlyList<byte> data);

    /// <summary>Reads every byte of an array parameter, which no policy can proxy.</summary>
    /// <remarks>A message Orleans refuses to send is never answered: the short timeout makes that call fail soon.</remarks>
    [ResponseTimeout("00:00:05")]
    Task<long> SumArray(byte[] data);

    /// <summary>Sums the values and counts the labels: a proxiable (interface) parameter beside a non-proxiable (class) one.</summary>
    Task<double> Mixed(IReadOnlyList<double> values, Dictionary<string, string> labels);

    /// <summary>What arrived, without using it.</summary>
    Task<Arrival> Inspect(IReadOnlyList<byte> data);

    /// <summary>What arrived inside a record, without using it.</summary>
    Task<Arrival> InspectEnvelope(Envelope envelope);

    /// <summary>Passes the data, unused, along a chain of <paramref name="hops"/> more grains; the last one sums it.</summary>
    Task<long> Forward(IReadOnlyList<byte> data, int hops);

    /// <summary>
    /// Gets <see cref="Make"/>'s result of <paramref name="size"/> bytes from the next grain, evicts
    /// its key from the store before using it, then sums it: the sum fails to resolve the result proxy.
    /// </summary>
    Task<long> SumOfEvictedResult(int size);

    /// <summary>Makes <paramref name="size"/> bytes counting up from 0.</summary>
    Task<IReadOnlyList<byte>> Make(int size);

    /// <summary>The silo this activation runs on.</summary>
    Task<string> Silo();

    /// <summary>Signals <see cref="Blocking"/> and then never returns.</summary>
    /// <remarks>A client learns of a dead silo late, so the call to one fails by this timeout, if membership does not fail it first.</remarks>
    [ResponseTimeout("00:00:10")]
    Task<long> Hang(IReadOnlyList<byte> data);
}

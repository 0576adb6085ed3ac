namespace OrleansPipeline;

/// <summary>One stage of the chain: passes the data on, unused, and the last stage sums it.</summary>
public interface IStageGrain : IGrainWithIntegerKey
{
    /// <summary>By value: an array parameter, which Orleans copies into every message.</summary>
    /// <param name="data">The data.</param>
    /// <param name="route">The keys of the stages still to come, in order.</param>
    Task<StageResult> ForwardArray(byte[] data, long[] route);

    /// <summary>By proxy: an interface parameter, which the ProxyStore filter can replace by a reference.</summary>
    Task<StageResult> Forward(IReadOnlyList<byte> data, long[] route);

    /// <summary>The port of the silo this stage runs on.</summary>
    Task<int> Silo();
}

/// <summary>The sum the last stage computed and the silos the data went through.</summary>
[GenerateSerializer, Immutable]
public sealed record StageResult([property: Id(0)] long Sum, [property: Id(1)] string Path);

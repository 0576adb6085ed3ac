namespace ProducerConsumer;

/// <summary>What the consumer works on: two matrices, by reference.</summary>
public interface IJob
{
    int Index { get; }

    IMatrix Left { get; }

    IMatrix Right { get; }

    /// <summary>The sum of both matrices' values, as the producer computed it.</summary>
    double ExpectedSum { get; }
}

/// <summary>
/// A message object that holds proxies: storing it stores their small references, never the
/// matrices, and reading it back gives proxies that resolve where they are used.
/// </summary>
[ProxyStore.Storable]
public sealed record Job(int Index, IMatrix Left, IMatrix Right, double ExpectedSum) : IJob;

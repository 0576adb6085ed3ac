namespace Pipeline;

/// <summary>What one stage hands the next: its output values.</summary>
public interface IBatch
{
    int Stage { get; }

    double[] Values { get; }
}

/// <summary>A stage's output; the next stage receives it as a proxy.</summary>
[ProxyStore.Storable]
public sealed record Batch(int Stage, double[] Values) : IBatch;

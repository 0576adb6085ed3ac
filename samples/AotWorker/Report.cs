namespace AotWorker;

/// <summary>The stored object.</summary>
public sealed record Report(string Title, IReadOnlyList<double> Values) : IReport
{
    public double Mean() => Values.Count == 0 ? 0 : Values.Average();
}

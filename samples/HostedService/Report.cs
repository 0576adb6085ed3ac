using ProxyStore;

namespace HostedService;

/// <summary>What the worker passes around by reference; the generator writes its proxy class.</summary>
[Proxiable]
public interface IReport
{
    string Title { get; }

    IReadOnlyList<double> Values { get; }

    double Mean();
}

/// <summary>The stored object.</summary>
public sealed record Report(string Title, IReadOnlyList<double> Values) : IReport
{
    public double Mean() => Values.Count == 0 ? 0 : Values.Average();
}

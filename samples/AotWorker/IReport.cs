using ProxyStore;

namespace AotWorker;

/// <summary>What the worker passes around by reference; the generator writes its proxy class at compile time.</summary>
[Proxiable]
public interface IReport
{
    string Title { get; }

    IReadOnlyList<double> Values { get; }

    double Mean();
}

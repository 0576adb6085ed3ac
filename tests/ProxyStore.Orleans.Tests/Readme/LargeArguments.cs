using Orleans;

public interface ISimulationGrain : IGrainWithIntegerKey
{
    // Orleans copies no [Immutable] argument, so ProxyStore's filter stores the caller's own array.
    Task<double> Integrate([Immutable] IReadOnlyList<double> field);
}

namespace ProxyStore.Orleans.Tests.Support;

/// <summary>
/// A cluster of its own whose silos and client fail a call when the policy selects a value of a
/// parameter that cannot be proxied (<see cref="NonProxiableParameters.Throw"/>).
/// </summary>
public sealed class ThrowingClusterFixture : ClusterFixture
{
    /// <summary>Creates the fixture.</summary>
    public ThrowingClusterFixture()
        : base(NonProxiableParameters.Throw)
    {
    }
}

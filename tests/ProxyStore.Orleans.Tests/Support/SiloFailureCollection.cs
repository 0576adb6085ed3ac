namespace ProxyStore.Orleans.Tests.Support;

/// <summary>
/// The test that kills a silo, on a cluster of its own: until the shared cluster declared a killed
/// silo dead, the other tests' calls could be placed on it and rejected. It runs after the parallel
/// collections, never beside them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SiloFailureCollection : ICollectionFixture<ClusterFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Orleans cluster with a silo to kill";
}

namespace ProxyStore.Orleans.Tests.Support;

/// <summary>The tests that share the one <see cref="ClusterFixture"/>; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Orleans cluster";
}

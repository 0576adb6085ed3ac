namespace ProxyStore.Orleans.Tests.Support;

/// <summary>The tests of <see cref="ThrowingClusterFixture"/>'s cluster.</summary>
[CollectionDefinition(Name)]
public sealed class ThrowingClusterCollection : ICollectionFixture<ThrowingClusterFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Orleans cluster that refuses non-proxiable parameters";
}

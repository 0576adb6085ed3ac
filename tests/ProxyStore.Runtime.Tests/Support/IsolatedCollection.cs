namespace ProxyStore.Tests.Support;

/// <summary>
/// Tests that measure process-wide state (the thread pool, the count of Redis connects) run
/// alone, after the parallel tests, so that no other test's threads or connects count as theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IsolatedCollection
{
    public const string Name = "Process-wide measurements";
}

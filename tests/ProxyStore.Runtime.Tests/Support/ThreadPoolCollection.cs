namespace ProxyStore.Tests.Support;

/// <summary>
/// Tests that measure the thread pool: they run alone, after the parallel tests, so that
/// no other test's blocked threads count as theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ThreadPoolCollection
{
    public const string Name = "Thread pool measurements";
}

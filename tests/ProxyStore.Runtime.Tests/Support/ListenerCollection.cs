namespace ProxyStore.Tests.Support;

/// <summary>
/// Tests that attach process-wide meter or activity listeners, and tests whose results
/// change while one is attached (a traced proxy's reference carries its trace context),
/// run one after another in this collection.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ListenerCollection
{
    public const string Name = "Process-wide telemetry listeners";
}

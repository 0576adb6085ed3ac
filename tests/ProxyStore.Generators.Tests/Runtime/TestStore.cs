using ProxyStore.Connectors;

namespace ProxyStore.Generators.Tests.Runtime;

/// <summary>Stores for tests: in memory, with metrics, registered under a name no other test uses.</summary>
internal static class TestStore
{
    public static Store Create(string test) =>
        new($"generated-{test}-{Guid.NewGuid():N}", new LocalConnector(), metrics: true, register: true);
}

using ProxyStore.Connectors;

namespace ProxyStore.Tests.Support;

/// <summary>
/// Every connector the contract tests run against. A new connector joins every
/// <c>[MemberData(nameof(ConnectorCases.All), ...)]</c> theory by adding one line here.
/// </summary>
public static class ConnectorCases
{
    private static readonly Dictionary<string, Func<TempDirectory, IConnector>> Factories = new(StringComparer.Ordinal)
    {
        ["local"] = _ => new LocalConnector(),
        ["file"] = dir => new FileConnector(dir.Sub("file-store-" + Guid.NewGuid().ToString("N"))),
        ["shared-memory"] = _ => new SharedMemoryConnector(),
        ["redis"] = _ => Redis.RedisTestServer.NewConnector(),
        ["multi"] = _ => Multi.MultiConnectorCase.Create(),
        ["peer"] = _ => new PeerConnector(new PeerConnectorOptions { Secret = Peer.PeerSecrets.Test }),
        ["peer-pulled"] = _ => new PeerConnector(new PeerConnectorOptions { Secret = Peer.PeerSecrets.Test }) { PullOwnKeys = true },
    };

    /// <summary>The connector case names.</summary>
    public static IEnumerable<string> Names => Factories.Keys;

    /// <summary>The connector case names, as theory data (names serialize, so each case is its own test).</summary>
    public static TheoryData<string> All
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (string name in Names)
            {
                data.Add(name);
            }

            return data;
        }
    }

    /// <summary>A new connector of the case <paramref name="name"/>, keeping any files inside <paramref name="dir"/>.</summary>
    public static IConnector Create(string name, TempDirectory dir) => Factories[name](dir);
}

using ProxyStore.Connectors;

namespace ProxyStore.Tests.Peer;

/// <summary>The secrets peer tests share, and connectors made with them.</summary>
internal static class PeerSecrets
{
    /// <summary>The application secret of the tests' peer stores.</summary>
    public static string Test { get; } = "peer-tests-shared-secret-0123456789";

    /// <summary>A secret of another application.</summary>
    public const string Other = "someone-elses-secret-9876543210";

    static PeerSecrets()
    {
        // Connectors recreated from configs read the secret from the default variable, as in a
        // real second process; every test of this process uses the same value.
        Environment.SetEnvironmentVariable(PeerConnectorOptions.DefaultSecretVariable, Test);
    }

    /// <summary>An owner serving on a free loopback port with the tests' secret.</summary>
    public static PeerConnector Owner(TimeSpan? ownerWait = null, int port = 0) =>
        new(new PeerConnectorOptions { Secret = Test, Port = port, OwnerWait = ownerWait ?? TimeSpan.FromSeconds(10) });

    /// <summary>A second connector of the same store, as another process would recreate it from the owner's config.</summary>
    public static IConnector Recreated(IConnector owner) => owner.GetConfig().CreateConnector();
}

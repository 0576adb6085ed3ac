using Orleans.TestingHost;

namespace ProxyStore.Orleans.Tests.Peer;

/// <summary>
/// The test assembly's entry point, run as a silo process of its own by
/// <see cref="PeerClusterFixture"/> (the test runner loads the assembly and never calls it).
/// </summary>
public static class PeerSiloProcess
{
    /// <summary>Runs a test-cluster silo until the test process says stop or exits.</summary>
    /// <param name="args">The test process's id and the silo's configuration, from <see cref="StandaloneSiloHandle"/>.</param>
    public static Task Main(string[] args) => StandaloneSiloHost.Main(args);
}

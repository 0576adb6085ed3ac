using ProxyStore.Connectors;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Peer;

/// <summary>
/// samples/PeerExchange as real processes: the producer starts the consumer as a second
/// process, and each pulls the other's array straight from it and checks it bit for bit.
/// </summary>
public sealed class PeerExchangeSampleTests
{
    [Fact]
    public void Two_processes_exchange_64_MiB_arrays_with_a_secret_made_for_the_run()
    {
        // As a user runs it: no secret set, so the producer makes one and hands it to the consumer.
        (int exitCode, string output, string error) = ChildProcess.RunDllWith(
            new Dictionary<string, string?> { [PeerConnectorOptions.DefaultSecretVariable] = null },
            "PeerExchange.dll");

        Assert.True(exitCode == 0, $"the sample exited with {exitCode}:\n{output}\n{error}");
        Assert.Contains("producer: put 64 MiB (8388608 float64 values) at 127.0.0.1:", output, StringComparison.Ordinal);
        Assert.Contains("consumer: pulled 64 MiB from the producer in ", output, StringComparison.Ordinal);
        Assert.Contains("; checked bit for bit", output, StringComparison.Ordinal);
        Assert.Contains("consumer: computed signal * 0.5 + index and put it at 127.0.0.1:", output, StringComparison.Ordinal);
        Assert.Contains("producer: pulled the consumer's answer (64 MiB) from 127.0.0.1:", output, StringComparison.Ordinal);
        Assert.Contains("; verified bit for bit", output, StringComparison.Ordinal);
        Assert.Contains("exchange complete", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_given_in_the_environment_is_used_and_never_printed()
    {
        string secret = "peer-exchange-test-secret-" + Guid.NewGuid().ToString("N");

        (int exitCode, string output, string error) = ChildProcess.RunDllWith(
            new Dictionary<string, string?> { [PeerConnectorOptions.DefaultSecretVariable] = secret },
            "PeerExchange.dll",
            "4");

        Assert.True(exitCode == 0, $"the sample exited with {exitCode}:\n{output}\n{error}");
        Assert.Contains("producer: pulled the consumer's answer (4 MiB)", output, StringComparison.Ordinal);
        Assert.Contains("exchange complete", output, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, output + error, StringComparison.Ordinal);
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using ProxyStore.Connectors;
using ProxyStore.TestConsumer;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Peer;

/// <summary>
/// Real processes: an owner process serves an array that two consumer processes pull at once,
/// bit for bit; a consumer with another secret is refused and the owner logs it; an owner
/// SIGKILLed in the middle of a transfer fails the pull instead of returning part of it.
/// </summary>
public sealed class PeerProcessTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<Process> _owners = [];

    public void Dispose()
    {
        foreach (Process owner in _owners)
        {
            if (!owner.HasExited)
            {
                owner.Kill(entireProcessTree: true);
            }

            owner.Dispose();
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task An_owner_process_serves_two_consumer_processes_at_once_bit_for_bit()
    {
        const int length = 4 * 1024 * 1024;
        (string config, string key, _) = StartOwner(length, seed: 5);
        string expected = ArrayMode.DigestOf(ArrayMode.Make(length, seed: 5));

        Task<(int ExitCode, string Output, string Error)>[] consumers =
        [
            Task.Run(() => ChildProcess.RunDllWith(Secret(PeerSecrets.Test), "ProxyStore.TestConsumer.dll", "array-digest", config, key)),
            Task.Run(() => ChildProcess.RunDllWith(Secret(PeerSecrets.Test), "ProxyStore.TestConsumer.dll", "array-digest", config, key)),
        ];

        foreach ((int exit, string output, string error) in await Task.WhenAll(consumers))
        {
            Assert.True(exit == 0, error);
            Assert.Equal(expected, output.Trim());
        }

        // The object stays with its owner: a third reader, this process, gets it too.
        using Store here = Store.FromConfig(JsonSerializer.Deserialize<StoreConfig>(File.ReadAllText(config))! with { Register = false });
        Assert.Equal(expected, ArrayMode.DigestOf(here.Get<double[]>(JsonSerializer.Deserialize<StoreKey>(key)!)!));
    }

    [Fact]
    public void A_synchronous_pull_needs_no_thread_of_the_pool()
    {
        using var owner = new Store(UniqueNames.Store("peer-starved"), PeerSecrets.Owner(), register: false);
        double[] value = ArrayMode.Make(1_000_000, seed: 8);
        StoreKey key = owner.Put(value);
        string config = Path.Join(_dir.Path, "starved.json");
        File.WriteAllText(config, JsonSerializer.Serialize(owner.ToConfig()));

        // The consumer blocks every thread of its pool, then gets on its main thread.
        (int exit, string output, string error) = ChildProcess.RunDllWith(Secret(PeerSecrets.Test), "ProxyStore.TestConsumer.dll", "peer-digest-starved", config, JsonSerializer.Serialize(key));

        Assert.True(exit == 0, error);
        Assert.Equal(ArrayMode.DigestOf(value), output.Trim());
    }

    [Fact]
    public void A_consumer_process_with_another_secret_is_refused_and_the_owner_logs_it()
    {
        (string config, string key, Func<string> ownerLog) = StartOwner(1000, seed: 6);

        (int exit, string output, string error) = ChildProcess.RunDllWith(Secret(PeerSecrets.Other), "ProxyStore.TestConsumer.dll", "array-digest", config, key);

        Assert.NotEqual(0, exit);
        Assert.DoesNotContain(ArrayMode.DigestOf(ArrayMode.Make(1000, seed: 6)), output, StringComparison.Ordinal);
        Assert.Contains(nameof(PeerAuthenticationException), error, StringComparison.Ordinal);
        Assert.DoesNotContain(PeerSecrets.Test, error, StringComparison.Ordinal);
        Assert.DoesNotContain(PeerSecrets.Other, error, StringComparison.Ordinal);
        Assert.True(SpinWait.SpinUntil(() => ownerLog().Contains("refused a connection", StringComparison.Ordinal), TimeSpan.FromSeconds(30)), ownerLog());
        Assert.DoesNotContain(PeerSecrets.Test, ownerLog(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_owner_killed_mid_transfer_fails_the_pull_and_returns_nothing()
    {
        const int length = 32 * 1024 * 1024; // 256 MiB: far more than the sockets' buffers hold
        (string config, string keyJson, _) = StartOwner(length, seed: 7);
        StoreKey key = JsonSerializer.Deserialize<StoreKey>(keyJson)!;
        using Store reader = Store.FromConfig(JsonSerializer.Deserialize<StoreConfig>(File.ReadAllText(config))! with { Register = false });
        using FrameSource source = ((IFrameSourceConnector)reader.Connector).OpenFrame(key)!;
        byte[] start = new byte[1024 * 1024];
        source.Read(0, start);

        Process owner = _owners[^1];
        owner.Kill();
        owner.WaitForExit();

        var cut = Assert.Throws<PeerConnectorException>(() => source.Read(start.Length, new byte[source.Length - start.Length]));
        Assert.Equal(key.ToString(), cut.Key);
        Assert.Contains("cut", cut.Message, StringComparison.Ordinal);

        // Asked again, the owner is gone: an error naming it and the key, after the owner wait.
        var gone = Assert.Throws<PeerConnectorException>(() => reader.Get<double[]>(key));
        Assert.Equal(key.ToString(), gone.Key);
        Assert.Contains(cut.Endpoint, gone.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Secret(string secret) => new() { [PeerConnectorOptions.DefaultSecretVariable] = secret };

    // Starts an owner process and waits for its key; returns the config file, the key's JSON and
    // what the owner has written to standard error so far.
    private (string Config, string Key, Func<string> Log) StartOwner(int length, int seed)
    {
        string config = Path.Join(_dir.Path, $"peer-{Guid.NewGuid():N}.json");
        Process owner = ChildProcess.StartDllWith(Secret(PeerSecrets.Test), "ProxyStore.TestConsumer.dll", "peer-serve", config, length.ToString(System.Globalization.CultureInfo.InvariantCulture), seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _owners.Add(owner);
        var log = new ConcurrentQueue<string>();
        owner.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                log.Enqueue(e.Data);
            }
        };
        owner.BeginErrorReadLine();
        Task<string?> line = owner.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromMinutes(1)) || line.Result is not { Length: > 0 } key)
        {
            throw new InvalidOperationException($"The owner process printed no key: {string.Join("\n", log)}");
        }

        return (config, key, () => string.Join("\n", log));
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ProxyStore.Connectors;
using ProxyStore.TestConsumer;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.SharedMemory;

/// <summary>
/// Real processes sharing one shared-memory store: arrays put in one are read bit for bit in the
/// other, both ways; a writer killed mid-put (SIGKILL) leaves nothing readable, and its leftover
/// goes when the owner next opens the name.
/// </summary>
public sealed class SharedMemoryProcessTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    private readonly SharedMemoryRoot _root = new();
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        _root.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void An_array_put_here_is_read_bit_for_bit_by_another_process()
    {
        using var store = new Store(UniqueNames.Store("shm-process"), SharedMemoryConnector.Under(_root.Path, "across"));
        double[] value = ArrayMode.Make(1_000_003, seed: 11);
        StoreKey key = store.Put(value);

        (int exit, string output, string error) = ChildProcess.RunDll("ProxyStore.TestConsumer.dll", "array-digest", ConfigFile(store), JsonSerializer.Serialize(key));

        Assert.True(exit == 0, error);
        Assert.Equal(ArrayMode.DigestOf(value), output.Trim());
    }

    [Fact]
    public void An_array_put_by_another_process_is_read_here_bit_for_bit()
    {
        using var store = new Store(UniqueNames.Store("shm-producer"), SharedMemoryConnector.Under(_root.Path, "produced"));

        (int exit, string output, string error) = ChildProcess.RunDll("ProxyStore.TestConsumer.dll", "put-array", ConfigFile(store), "500000", "23");

        Assert.True(exit == 0, error);
        StoreKey key = JsonSerializer.Deserialize<StoreKey>(output.Trim())!;
        Assert.Equal(ArrayMode.DigestOf(ArrayMode.Make(500_000, seed: 23)), ArrayMode.DigestOf(store.Get<double[]>(key)!));
        using ArrayView<double> view = store.GetView<double>(key)!;
        Assert.True(view.SharesMedium);
        Assert.Equal(ArrayMode.Make(500_000, seed: 23)[499_999], view[499_999]);
    }

    [Fact]
    public void A_writer_killed_mid_put_leaves_nothing_readable_and_its_leftover_goes_when_the_owner_opens()
    {
        const string name = "killed";
        const int size = 32 * 1024 * 1024;
        string[] leftovers = KillWritersUntilOneDiesMidPut(name, size);

        // A connector recreated from a config reads what was published and nothing else (and
        // cleans nothing: it does not own the name).
        var config = new ConnectorConfig("shared-memory", JsonSerializer.SerializeToElement(new { name, clear = false, root = _root.Path }));
        using (IConnector reader = config.CreateConnector())
        {
            foreach (string file in _root.FilesOf(name).Where(f => StoreKey.IsPlainId(f)))
            {
                byte[] got = reader.Get(new StoreKey(file))!;
                Assert.Equal(size, got.Length);
                Assert.Equal(SlowPut.ByteAt(size - 1), got[^1]);
            }

            foreach (string leftover in leftovers)
            {
                // ".tmp-", the key's 22-character id, "-" and a random id.
                Assert.False(reader.Exists(new StoreKey(leftover.Substring(5, 22))));
            }
        }

        Assert.Subset(_root.FilesOf(name).ToHashSet(), leftovers.ToHashSet());
        Assert.NotEmpty(leftovers);
        using var owner = SharedMemoryConnector.Under(_root.Path, name, clear: false);

        Assert.DoesNotContain(_root.FilesOf(name), f => f.StartsWith('.'));
    }

    private string ConfigFile(Store store)
    {
        string path = Path.Join(_dir.Path, "config.json");
        File.WriteAllText(path, JsonSerializer.Serialize(store.ToConfig()));
        return path;
    }

    private string[] KillWritersUntilOneDiesMidPut(string name, int size)
    {
        for (int attempt = 1; attempt <= 10; attempt++)
        {
            using Process writer = ChildProcess.StartDll("ProxyStore.TestConsumer.dll", "slow-put-shm", _root.Path, name, size.ToString(CultureInfo.InvariantCulture));
            try
            {
                var deadline = Stopwatch.StartNew();
                while (!_root.FilesOf(name).Any(f => f.StartsWith(".tmp-", StringComparison.Ordinal)))
                {
                    Assert.False(writer.HasExited, $"The writer exited: {(writer.HasExited ? writer.StandardError.ReadToEnd() : "")}");
                    Assert.True(deadline.Elapsed < Patience, "No temporary segment appeared.");
                    Thread.Sleep(1);
                }
            }
            finally
            {
                if (!writer.HasExited)
                {
                    writer.Kill();
                }

                writer.WaitForExit();
            }

            string[] leftovers = [.. _root.FilesOf(name).Where(f => f.StartsWith(".tmp-", StringComparison.Ordinal))];
            if (leftovers.Length > 0)
            {
                return leftovers;
            }
        }

        throw new InvalidOperationException("Ten writers were each killed between two puts; none died in the middle of one.");
    }
}

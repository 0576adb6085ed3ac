using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using ProxyStore.Connectors;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Files;

// A put killed mid-write (SIGKILL of a real writer process) leaves no readable partial object,
// and its temporary file goes when a connector next opens the directory; the temporary file of
// a writer that is still alive stays.
public sealed class FileConnectorCrashTests : IDisposable
{
    private const string TempPrefix = ".tmp-";

    // Large enough that the writer spends nearly all its time inside a put, small enough that
    // the few objects it keeps do not weigh on the disk.
    private const int ObjectSize = 16 * 1024 * 1024;

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    private readonly TempDirectory _dir = new();

    private string StoreDir => _dir.Sub("store");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_writer_killed_mid_put_leaves_no_readable_partial_object_and_its_leftover_goes_when_a_connector_opens()
    {
        string[] leftovers = KillWritersUntilOneDiesMidPut();
        string[] complete = Objects();

        // A recreated connector reads without cleaning the directory: it does not own it.
        using IConnector reader = new ConnectorConfig("file", JsonSerializer.SerializeToElement(new { storeDirectory = StoreDir, clear = false })).CreateConnector();
        foreach (string leftover in leftovers)
        {
            var key = new StoreKey(Path.GetFileName(leftover)[TempPrefix.Length..]);
            Assert.Null(reader.Get(key));
            Assert.False(reader.Exists(key));
        }

        byte[] expected = ExpectedObject();
        foreach (string file in complete)
        {
            byte[]? got = reader.Get(new StoreKey(Path.GetFileName(file)));
            Assert.NotNull(got);
            Assert.True(expected.AsSpan().SequenceEqual(got), $"The object '{file}' holds {got.Length} bytes that differ from what was put.");
        }

        Assert.Equal(leftovers.Order(), TemporaryFiles().Order());

        using var opened = new FileConnector(StoreDir, clear: false);

        Assert.Empty(TemporaryFiles());
        Assert.Equal(complete.Order(), Objects().Order());
    }

    [Fact]
    public void Opening_a_directory_removes_dead_writers_temporary_files_and_keeps_one_a_live_writer_holds()
    {
        using (var owner = new FileConnector(StoreDir, clear: false))
        {
            owner.Put(new byte[] { 1 });
        }

        string[] objects = Objects();
        string dead = Path.Join(StoreDir, TempPrefix + StoreKey.NewId());
        File.WriteAllBytes(dead, [1, 2, 3]);
        string live = Path.Join(StoreDir, TempPrefix + StoreKey.NewId());
        using (SafeFileHandle held = File.OpenHandle(live, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            RandomAccess.Write(held, new byte[] { 4, 5, 6 }, fileOffset: 0);

            using var opened = new FileConnector(StoreDir, clear: false);

            Assert.False(File.Exists(dead));
            Assert.True(File.Exists(live));
            Assert.Equal(objects, Objects());
        }

        using var reopened = new FileConnector(StoreDir, clear: false);

        Assert.Empty(TemporaryFiles());
        Assert.Equal(objects, Objects());
    }

    [Fact]
    public void A_connector_recreated_from_a_config_leaves_temporary_files_to_the_owner()
    {
        using var owner = new FileConnector(StoreDir, clear: false);
        string dead = Path.Join(StoreDir, TempPrefix + StoreKey.NewId());
        File.WriteAllBytes(dead, [1, 2, 3]);

        using IConnector recreated = owner.GetConfig().CreateConnector();

        Assert.True(File.Exists(dead));
    }

    [Fact]
    public void Opening_the_directory_while_another_process_writes_into_it_never_breaks_that_processs_puts()
    {
        Directory.CreateDirectory(StoreDir);
        using Process writer = StartWriter(out BlockingCollection<string> lines);
        try
        {
            WaitForTemporaryFile(writer);
            for (int i = 0; i < 20; i++)
            {
                using var opened = new FileConnector(StoreDir, clear: false);
            }

            // Every put the writer finishes after the openings is one whose temporary file survived them.
            int putsSeen = 0;
            var deadline = Stopwatch.StartNew();
            while (putsSeen < 5 && !writer.HasExited && deadline.Elapsed < Patience)
            {
                if (lines.TryTake(out string? line, TimeSpan.FromMilliseconds(100)))
                {
                    Assert.StartsWith("put ", line);
                    putsSeen++;
                }
            }

            if (putsSeen < 5 || writer.HasExited)
            {
                Kill(writer);
                Assert.Fail($"The writer stopped after {putsSeen} more puts: {writer.StandardError.ReadToEnd()}");
            }
        }
        finally
        {
            Kill(writer);
        }
    }

    /// <summary>
    /// Kills writers in the middle of their puts until one dies holding a temporary file (a kill
    /// can land between one put's rename and the next put's create), and returns those files.
    /// </summary>
    private string[] KillWritersUntilOneDiesMidPut()
    {
        Directory.CreateDirectory(StoreDir);
        for (int attempt = 1; attempt <= 10; attempt++)
        {
            using Process writer = StartWriter(out _);
            try
            {
                WaitForTemporaryFile(writer);
            }
            finally
            {
                Kill(writer);
            }

            string[] leftovers = TemporaryFiles();
            if (leftovers.Length > 0)
            {
                return leftovers;
            }
        }

        throw new InvalidOperationException("Ten writers were each killed between two puts; none died in the middle of one.");
    }

    private Process StartWriter(out BlockingCollection<string> lines)
    {
        Process writer = ChildProcess.StartDll("ProxyStore.TestConsumer.dll", "slow-put", StoreDir, ObjectSize.ToString(CultureInfo.InvariantCulture));
        var received = new BlockingCollection<string>();
        writer.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                received.Add(e.Data);
            }
        };
        writer.BeginOutputReadLine();
        if (!received.TryTake(out string? first, Patience) || first != "writing")
        {
            Kill(writer);
            throw new InvalidOperationException($"The writer did not start writing (it printed '{first}'): {writer.StandardError.ReadToEnd()}");
        }

        lines = received;
        return writer;
    }

    private void WaitForTemporaryFile(Process writer)
    {
        var deadline = Stopwatch.StartNew();
        while (TemporaryFiles().Length == 0)
        {
            if (writer.HasExited)
            {
                throw new InvalidOperationException($"The writer exited with {writer.ExitCode}: {writer.StandardError.ReadToEnd()}");
            }

            if (deadline.Elapsed > Patience)
            {
                throw new TimeoutException($"No temporary file appeared in '{StoreDir}'.");
            }

            Thread.Sleep(1);
        }
    }

    private static void Kill(Process writer)
    {
        // SIGKILL on Unix: the writer gets no chance to clean up.
        if (!writer.HasExited)
        {
            writer.Kill();
        }

        writer.WaitForExit();
    }

    private string[] TemporaryFiles() => Directory.GetFiles(StoreDir, TempPrefix + "*");

    private string[] Objects() => [.. Directory.GetFiles(StoreDir).Where(f => !Path.GetFileName(f).StartsWith(TempPrefix, StringComparison.Ordinal))];

    private static byte[] ExpectedObject()
    {
        // What ProxyStore.TestConsumer's slow-put writes.
        byte[] data = new byte[ObjectSize];
        for (long i = 0; i < data.Length; i++)
        {
            data[i] = (byte)((i * 31) + 7);
        }

        return data;
    }
}

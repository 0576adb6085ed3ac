using System.Diagnostics;
using System.Text.Json;
using ProxyStore.Connectors;
using ProxyStore.TestConsumer;
using ProxyStore.Tests.Redis;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Futures;

/// <summary>
/// A future across two real processes: the test is the producer, a TestConsumer process in
/// <c>await-future</c> mode holds only the reference of the future's proxy and waits in its
/// first use until the producer sets the value (or its failure), on files and on Redis.
/// </summary>
public sealed class FutureProcessTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("file")]
    [InlineData("redis")]
    public async Task A_consumer_process_waits_for_the_value_the_producer_sets_later(string kind)
    {
        using Store store = NewStore(kind);
        StoreFuture<IPayload> future = store.Future<IPayload>(Polling);
        var payload = new Payload("from the producer", [5, 6, 7]);

        AwaitFutureReport report = await RunConsumerAsync(future, () => future.SetResult(payload));

        Assert.True(report.Error.Length == 0, report.Error);
        Assert.Equal(payload.Label, report.Label);
        Assert.Equal(payload.Checksum(), report.Checksum);
        Assert.Equal(nameof(PollingStoreFactory<IPayload>) + "`1", report.FactoryType);
        Assert.Equal(1, report.PollingResolves);
    }

    [Theory]
    [InlineData("file")]
    [InlineData("redis")]
    public async Task A_consumer_process_gets_the_producers_failure_message(string kind)
    {
        using Store store = NewStore(kind);
        StoreFuture<IPayload> future = store.Future<IPayload>(Polling);

        AwaitFutureReport report = await RunConsumerAsync(future, () => future.SetException(new InvalidDataException("no data today")));

        Assert.StartsWith(nameof(StoreFutureException), report.Error, StringComparison.Ordinal);
        Assert.Contains("no data today", report.Error, StringComparison.Ordinal);
        Assert.Contains(typeof(InvalidDataException).FullName!, report.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("file")]
    [InlineData("redis")]
    public async Task A_producer_process_sets_a_future_made_here_from_its_reference(string kind)
    {
        using Store store = NewStore(kind);
        StoreFuture<IPayload> future = store.Future<IPayload>(Polling);
        string referenceFile = _dir.Sub("future.json");
        await File.WriteAllBytesAsync(referenceFile, future.ToReference());
        Task<IPayload> waiting = future.ResultAsync().AsTask();

        (int exit, string output, string error) = await Task.Run(() => ChildProcess.RunDll("ProxyStore.TestConsumer.dll", "set-future", referenceFile, "remote"));

        Assert.True(exit == 0, $"The producer exited with {exit}: {output}\n{error}");
        Assert.Equal("remote", (await waiting.WaitAsync(TimeSpan.FromMinutes(1))).Label);
        var again = Assert.Throws<KeyAlreadySetException>(() => future.SetResult(new Payload("local", [])));
        Assert.Contains(store.Name, again.Message, StringComparison.Ordinal);
    }

    // Polls every 10 ms (Redis wakes sooner); the timeout only bounds a broken run.
    private static readonly PollingOptions Polling = new() { Interval = TimeSpan.FromMilliseconds(10), Timeout = TimeSpan.FromSeconds(60) };

    private Store NewStore(string kind) => new(
        UniqueNames.Store("future-process-" + kind),
        kind == "file" ? new FileConnector(_dir.Sub("store")) : RedisTestServer.NewConnector(),
        metrics: true,
        register: true);

    /// <summary>Starts the consumer on the future's reference, runs <paramref name="produce"/> once it waits, and reads its report.</summary>
    private async Task<AwaitFutureReport> RunConsumerAsync(StoreFuture<IPayload> future, Action produce)
    {
        string referenceFile = _dir.Sub("reference.json");
        await File.WriteAllBytesAsync(referenceFile, ProxyReference.Serialize(future.Proxy()));
        using Process consumer = ChildProcess.StartDll("ProxyStore.TestConsumer.dll", "await-future", referenceFile);
        Task<string> error = consumer.StandardError.ReadToEndAsync();
        try
        {
            string? first = await consumer.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
            if (first != AwaitFutureMode.WaitingLine)
            {
                // Only now: stderr is complete once the consumer has exited.
                Assert.Fail($"The consumer said '{first}' instead of waiting: {await error}");
            }

            Assert.False(future.Done);

            produce();

            string rest = await consumer.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromMinutes(1));
            await consumer.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            if (consumer.ExitCode != 0)
            {
                Assert.Fail($"The consumer exited with {consumer.ExitCode}: {rest}\n{await error}");
            }

            return JsonSerializer.Deserialize<AwaitFutureReport>(rest.Trim())!;
        }
        finally
        {
            if (!consumer.HasExited)
            {
                consumer.Kill(entireProcessTree: true);
            }
        }
    }
}

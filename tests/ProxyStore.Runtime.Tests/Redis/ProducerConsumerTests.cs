using System.Diagnostics;
using System.Text.Json;
using ProducerConsumer;

namespace ProxyStore.Tests.Redis;

/// <summary>
/// samples/ProducerConsumer as two real processes on the shared Redis server: proxy
/// references of jobs cross through a Redis list, each job a stored message that holds two
/// matrix proxies as references, the resolutions show up in the consumer's metrics only, and
/// the consumer merges the producer's metrics with its own.
/// </summary>
public sealed class ProducerConsumerTests
{
    private const string Dll = "ProducerConsumer.dll";

    [Fact]
    public async Task A_consumer_process_resolves_what_a_producer_process_sent_and_only_it_records_the_resolutions()
    {
        string queue = "pstest-queue-" + Guid.NewGuid().ToString("N")[..12];
        const int count = 4;
        const int objects = 3 * count; // per job: two matrices and the job that holds their proxies

        // The consumer starts first and waits on the list.
        Task<(int ExitCode, string Output, string Error)> consumer = RunAsync("consumer", RedisTestServer.Endpoint, queue, "90");
        (int producerExit, string producerOutput, string producerError) = await RunAsync("producer", RedisTestServer.Endpoint, queue, count.ToString(), "128");
        (int consumerExit, string consumerOutput, string consumerError) = await consumer;

        Assert.True(producerExit == 0, $"producer exited with {producerExit}:\n{producerOutput}\n{producerError}");
        Assert.True(consumerExit == 0, $"consumer exited with {consumerExit}:\n{consumerOutput}\n{consumerError}");
        Summary produced = SummaryOf(producerOutput);
        Summary consumed = SummaryOf(consumerOutput);

        Assert.Equal(count, produced.Count);
        Assert.False(produced.ProxiesResolvedHere);
        Assert.Equal(["store.proxy", "store.put", "store.put.connector", "store.put.serialize"], produced.TimeCounts.Keys.Order(StringComparer.Ordinal));
        Assert.All(produced.TimeCounts.Values, n => Assert.Equal(objects, n));

        Assert.Equal(count, consumed.Count);
        Assert.Equal(count, consumed.Verified);
        Assert.Equal(objects, consumed.TimeCounts["factory.call"]);
        Assert.Equal(objects, consumed.TimeCounts["factory.resolve"]);
        Assert.Equal(objects, consumed.TimeCounts["store.get"]);
        Assert.Equal(objects, consumed.TimeCounts["store.evict"]);
        Assert.DoesNotContain("store.put", consumed.TimeCounts.Keys);
        Assert.Equal(count, consumerOutput.Split('\n').Count(line => line.Contains("verified", StringComparison.Ordinal)));
        Assert.Contains("factory.resolve", consumerOutput);
        Assert.DoesNotContain("factory.resolve", producerOutput);

        // The consumer merges the producer's metrics with its own: every key's put, proxy and
        // resolution in one view, each counted once.
        Assert.Contains("== The whole picture", consumerOutput);
        Assert.Equal(objects, consumed.MergedKeysWithPutAndResolve);
        Assert.Equal(
            produced.TimeCounts.Keys.Concat(consumed.TimeCounts.Keys).Distinct().Order(StringComparer.Ordinal),
            consumed.MergedTimeCounts!.Keys.Order(StringComparer.Ordinal));
        foreach ((string name, long merged) in consumed.MergedTimeCounts)
        {
            Assert.Equal(produced.TimeCounts.GetValueOrDefault(name) + consumed.TimeCounts.GetValueOrDefault(name), merged);
        }

        // The proxies evicted their objects as they resolved, and the list is drained.
        Assert.Equal(0, consumed.KeysLeft);
        Assert.Equal(0, RedisTestServer.Raw().ListLength(queue));
    }

    private static Summary SummaryOf(string output)
    {
        string line = output.Split('\n').Select(l => l.Trim()).Last(l => l.StartsWith(Summary.Prefix, StringComparison.Ordinal));
        return JsonSerializer.Deserialize<Summary>(line[Summary.Prefix.Length..])!;
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, Dll));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Dll} {arguments[0]}.");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Dll} {arguments[0]} did not finish within three minutes. Output so far:\n{await output}");
        }

        return (process.ExitCode, await output, await error);
    }
}

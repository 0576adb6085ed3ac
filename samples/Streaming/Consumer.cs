using System.Diagnostics;
using ProxyStore.Streams;

namespace Streaming;

/// <summary>The consumer side: reads one topic's arrays until the producer closes it, and reports what it read.</summary>
public static class Consumer
{
    /// <summary>Starts this program as a consumer process of <paramref name="topic"/>.</summary>
    public static Process Start(string endpoint, string topic)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        // Run as `dotnet Streaming.dll` or as the apphost alike.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Consumer).Assembly.Location);
        }

        foreach (string argument in new[] { "consumer", endpoint, topic })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"Could not start the consumer of {topic}.");
    }

    /// <summary>Runs the consumer; the exit code.</summary>
    public static async Task<int> RunAsync(string endpoint, string topic)
    {
        (string host, int port) = Endpoint.Parse(endpoint);
        await using var consumer = new StreamConsumer<byte[]>(await RedisQueueSubscriber.ConnectAsync(host, port, topic));
        Console.WriteLine("ready");
        long items = 0;
        long bytes = 0;
        // byte[] has no proxy, so each array is fetched (and evicted) as it arrives.
        await foreach (byte[] array in consumer)
        {
            items++;
            bytes += array.Length;
        }

        Console.WriteLine($"{topic[^1..]}: {items} arrays, {bytes / (1024 * 1024)} MB");
        return 0;
    }
}

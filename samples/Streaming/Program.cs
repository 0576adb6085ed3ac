// A producer process streams 10 MB arrays to two consumer processes over one Redis server,
// twice: inline (each array inside its event, through the Redis queue) and through a Redis
// store (the event holds only the key; the consumer fetches the array from the store). It
// prints the throughput of each run. Each consumer reads a topic of its own, as a Redis queue
// (a list); the producer deals the arrays out in turn.
//
//   dotnet run --project samples/Streaming -- 127.0.0.1:6379 [count] [megabytes]
//
// The producer starts the two consumers itself (this program with "consumer" arguments).
using System.Diagnostics;
using System.Globalization;
using ProxyStore;
using ProxyStore.Connectors;
using ProxyStore.Streams;

if (args is ["consumer", string consumerEndpoint, string consumerTopic])
{
    return await Streaming.Consumer.RunAsync(consumerEndpoint, consumerTopic);
}

if (args.Length is < 1 or > 3)
{
    Console.Error.WriteLine("usage: Streaming <host:port> [count=20] [megabytes=10]");
    return 2;
}

string endpoint = args[0];
int count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
int megabytes = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
(string host, int port) = Streaming.Endpoint.Parse(endpoint);
string run = Guid.NewGuid().ToString("N")[..8];

byte[][] arrays = [.. Enumerable.Range(0, 4).Select(i =>
{
    byte[] array = new byte[megabytes * 1024 * 1024];
    new Random(i).NextBytes(array);
    return array;
})];

Console.WriteLine($"Streaming {count} arrays of {megabytes} MB to two consumer processes through Redis at {endpoint}.");
foreach (bool useStore in new[] { false, true })
{
    string[] topics = [$"streaming-sample:{run}:{(useStore ? "store" : "inline")}:0", $"streaming-sample:{run}:{(useStore ? "store" : "inline")}:1"];
    Process[] consumers = [.. topics.Select(topic => Streaming.Consumer.Start(endpoint, topic))];
    // Each consumer says "ready" once connected, so the clock starts with both listening.
    foreach (Process consumer in consumers)
    {
        await consumer.StandardOutput.ReadLineAsync();
    }

    await using Store? store = useStore
        ? new Store($"streaming-sample-{run}", await RedisConnector.ConnectAsync(host, port, new RedisConnectorOptions { KeyPrefix = $"streaming-sample:{run}:objects:", Clear = true }), register: true)
        : null;
    await using var producer = new StreamProducer<byte[]>(
        await RedisQueuePublisher.ConnectAsync(host, port),
        stores: topics.ToDictionary(t => t, _ => store));

    var clock = Stopwatch.StartNew();
    for (int i = 0; i < count; i++)
    {
        await producer.SendAsync(topics[i % 2], arrays[i % arrays.Length], evict: true, metadata: new { index = i });
    }

    await producer.CloseTopicsAsync(topics);
    string[] reports = await Task.WhenAll(consumers.Select(c => c.StandardOutput.ReadToEndAsync()));
    clock.Stop();
    foreach (Process consumer in consumers)
    {
        await consumer.WaitForExitAsync();
    }

    double seconds = clock.Elapsed.TotalSeconds;
    double mb = (double)count * megabytes;
    Console.WriteLine($"{(useStore ? "with a Redis store" : "inline, no store"),-20} {count / seconds,8:0.0} items/s {mb / seconds,9:0.0} MB/s   ({string.Join("; ", reports.Select(r => r.Trim()))})");
}

return 0;

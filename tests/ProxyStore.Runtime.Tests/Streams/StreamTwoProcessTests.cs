using System.Diagnostics;
using System.Text.Json;
using ProxyStore.Connectors;
using ProxyStore.Streams;
using ProxyStore.TestConsumer;
using ProxyStore.Tests.Redis;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Streams;

/// <summary>
/// A producer process and a consumer process (tests/ProxyStore.TestConsumer) stream over the
/// shared Redis server: events through pub/sub or a queue, data through a Redis store; and a
/// consumer process reads arrays from this process's shared-memory store into a buffer of its own.
/// </summary>
public sealed class StreamTwoProcessTests
{
    private const string Dll = "ProxyStore.TestConsumer.dll";

    [Theory]
    [InlineData("pubsub")]
    [InlineData("queue")]
    public async Task A_consumer_process_reads_what_a_producer_process_streams_and_its_resolutions_link_to_the_sends(string broker)
    {
        string topic = $"pstest:stream-2p:{Guid.NewGuid():N}";
        string prefix = RedisTestServer.UniquePrefix("stream-2p");
        const int count = 5;

        using Process consumer = ChildProcess.StartDll(Dll, "stream-consume", RedisTestServer.Endpoint, topic, broker);
        Task<string> consumerError = consumer.StandardError.ReadToEndAsync();
        try
        {
            // Pub/sub drops what nobody is subscribed to: the producer starts once the consumer listens.
            string? ready = await consumer.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
            if (ready != "ready")
            {
                // Only now: stderr is complete once the consumer has exited.
                Assert.Fail($"The consumer said '{ready}' instead of ready: {await consumerError}");
            }

            (int exitCode, string output, string error) = ChildProcess.RunDll(Dll, "stream-produce", RedisTestServer.Endpoint, topic, broker, prefix, count.ToString(), "4096");
            Assert.True(exitCode == 0, $"producer exited with {exitCode}:\n{output}\n{error}");
            string consumerOutput = await consumer.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromMinutes(1));
            await consumer.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            // The consumer has exited, so its stderr is complete.
            string errors = await consumerError;
            Assert.True(consumer.ExitCode == 0, $"consumer exited with {consumer.ExitCode}:\n{consumerOutput}\n{errors}");

            StreamProduceReport produced = JsonSerializer.Deserialize<StreamProduceReport>(output.Trim().Split('\n')[^1])!;
            StreamConsumeReport consumed = JsonSerializer.Deserialize<StreamConsumeReport>(consumerOutput.Trim().Split('\n')[^1])!;

            Assert.Equal(count, produced.Sent);
            Assert.Equal(count, consumed.Received);
            Assert.Equal(count, consumed.Verified);
            Assert.True(consumed.AllLazyProxies);
            Assert.Equal(Enumerable.Range(0, count).Select(i => $"payload {i}"), consumed.Labels);
            Assert.Equal(produced.Batches, consumed.Batches);
            // Each resolution in the consumer process links to the span of its send in the producer process.
            Assert.Equal(produced.SendSpans, consumed.ResolveLinks);
            // Every object was evicted by its resolution, and the queue is drained.
            Assert.Empty(RedisTestServer.KeysUnder(prefix));
            Assert.Equal(0, await RedisTestServer.Raw().ListLengthAsync(topic));
        }
        finally
        {
            if (!consumer.HasExited)
            {
                consumer.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task A_consumer_process_reads_arrays_from_shared_memory_into_one_buffer_bit_for_bit_and_evicts_them()
    {
        string topic = $"pstest:stream-into:{Guid.NewGuid():N}";
        using var store = new Store(UniqueNames.Store("stream-into-2p"), new SharedMemoryConnector(), register: true);
        double[][] items = [ArrayMode.Make(300_000, seed: 1), ArrayMode.Make(250_000, seed: 2), ArrayMode.Make(300_000, seed: 3)];

        using Process consumer = ChildProcess.StartDll(Dll, "stream-consume-into", RedisTestServer.Endpoint, topic, "300000");
        Task<string> consumerError = consumer.StandardError.ReadToEndAsync();
        try
        {
            string? ready = await consumer.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.True(ready == "ready", $"The consumer said '{ready}' instead of ready.");
            (string host, int port) = (RedisTestServer.Endpoint[..RedisTestServer.Endpoint.LastIndexOf(':')], int.Parse(RedisTestServer.Endpoint[(RedisTestServer.Endpoint.LastIndexOf(':') + 1)..]));
            var publisher = new RecordingPublisher(await RedisQueuePublisher.ConnectAsync(host, port));
            await using (var producer = new StreamProducer<double[]>(publisher, stores: new Dictionary<string, Store?> { [topic] = store }))
            {
                foreach (double[] item in items)
                {
                    await producer.SendAsync(topic, item);
                }

                await producer.CloseTopicsAsync(topic);
            }

            string output = await consumer.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromMinutes(1));
            await consumer.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.True(consumer.ExitCode == 0, $"consumer exited with {consumer.ExitCode}:\n{output}\n{await consumerError}");

            Assert.Equal(items.Select(ArrayMode.DigestOf), output.Trim().Split('\n'));
            Assert.All(publisher.KeyEvents, e => Assert.False(store.Exists(e.Key)));
            Assert.Equal(3, publisher.KeyEvents.Count());
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

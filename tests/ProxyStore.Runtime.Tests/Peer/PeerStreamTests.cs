using ProxyStore.Connectors;
using ProxyStore.Streams;
using ProxyStore.Tests.Streams;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Peer;

/// <summary>
/// A stream whose objects stay in the producer: its events carry peer keys, and a consumer
/// whose store is made from the events' config (a connector of its own, as another process
/// would make) pulls each object from the producer bit for bit and evicts it there.
/// </summary>
public sealed class PeerStreamTests
{
    [Fact]
    public async Task A_consumer_over_a_recreated_peer_store_receives_the_producers_arrays_bit_for_bit()
    {
        // Unregistered, so that the consumer cannot find this store in the registry: it makes its
        // own from the config each event carries, over a connector of its own.
        using var store = new Store(UniqueNames.Store("peer-stream"), PeerSecrets.Owner(), register: false);
        var owner = (PeerConnector)store.Connector;
        (RecordingPublisher publisher, ChannelSubscriber subscriber) = StreamPairs.Recording();
        double[][] arrays = [.. Enumerable.Range(0, 4).Select(n => Enumerable.Range(0, 128 * 1024).Select(i => Math.Sin(i + n) * Math.Pow(10, n * 50)).ToArray())];
        arrays[2][5] = BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8_0000_0000_CAFE));
        try
        {
            await using var producer = new StreamProducer<double[]>(publisher, stores: new Dictionary<string, Store?> { [StreamPairs.Topic] = store });
            await using var consumer = new StreamConsumer<double[]>(subscriber);
            foreach (double[] array in arrays)
            {
                await producer.SendAsync(StreamPairs.Topic, array);
            }

            await producer.FlushAsync();
            var received = new List<double[]>();
            for (int i = 0; i < arrays.Length; i++)
            {
                received.Add(await consumer.NextObjectAsync());
            }

            NewObjectKeyEvent[] events = [.. publisher.KeyEvents];
            Assert.Equal(arrays.Length, events.Length);
            Assert.All(events, e => Assert.StartsWith(owner.Endpoint + "/", e.Key.Id, StringComparison.Ordinal));
            for (int i = 0; i < arrays.Length; i++)
            {
                Assert.True(arrays[i].AsSpan().SequenceEqual(received[i]), $"Array {i} differs.");
            }

            Assert.Equal(BitConverter.DoubleToInt64Bits(arrays[2][5]), BitConverter.DoubleToInt64Bits(received[2][5]));

            // The consumer's store is its own, over a connector that never served (it pulled),
            // and its reads evicted each object in the producer.
            Store consumerStore = StoreRegistry.Get(store.Name)!;
            Assert.NotSame(store, consumerStore);
            Assert.Null(((PeerConnector)consumerStore.Connector).Endpoint);
            Assert.All(events, e => Assert.False(owner.Exists(e.Key)));
        }
        finally
        {
            if (StoreRegistry.Get(store.Name) is { } made)
            {
                StoreRegistry.Unregister(store.Name);
                made.Dispose();
            }
        }
    }
}

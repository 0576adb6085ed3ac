using ProxyStore.Streams;

namespace ProxyStore.TestConsumer;

/// <summary>
/// <c>stream-consume-into &lt;host:port&gt; &lt;topic&gt; &lt;buffer-length&gt;</c>: reads the
/// <c>double[]</c> items of a Redis queue into one buffer of its own until the stream ends,
/// printing <c>ready</c> once subscribed and then each item's digest (<see cref="ArrayMode.DigestOf"/>), a line each.
/// </summary>
public static class StreamIntoMode
{
    public static async Task<int> ConsumeAsync(string endpoint, string topic, int bufferLength)
    {
        string host = endpoint[..endpoint.LastIndexOf(':')];
        int port = int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        await using var consumer = new StreamConsumer<double[]>(await RedisQueueSubscriber.ConnectAsync(host, port, topic));
        Console.WriteLine("ready");

        double[] buffer = new double[bufferLength];
        while (true)
        {
            int count;
            try
            {
                count = await consumer.NextObjectIntoAsync<double>(buffer);
            }
            catch (StreamEndedException)
            {
                return 0;
            }

            Console.WriteLine(ArrayMode.DigestOf(buffer[..count]));
        }
    }
}

using ProxyStore.Connectors;

namespace ProxyStore.TestConsumer;

/// <summary>
/// <c>slow-put &lt;dir&gt; &lt;sizeBytes&gt;</c>: puts objects of <c>sizeBytes</c> into a
/// FileConnector on <c>dir</c> until it is killed, so that a test can kill a writer in the
/// middle of a put. Prints <c>writing</c> before the first put and <c>put &lt;key&gt;</c>
/// after each one.
/// </summary>
public static class SlowPut
{
    /// <summary>The byte at <paramref name="index"/> of every object slow-put writes, so a reader can check a whole file.</summary>
    public static byte ByteAt(long index) => (byte)((index * 31) + 7);

    // clear: false, so the killed writer's directory is exactly what the test inspects.
    public static int Run(string directory, long size) => Loop(new FileConnector(directory, clear: false), size);

    /// <summary>Puts objects of <paramref name="size"/> bytes into <paramref name="connector"/> until killed, keeping the last two.</summary>
    public static int Loop(IConnector connector, long size)
    {
        byte[] data = new byte[size];
        for (long i = 0; i < size; i++)
        {
            data[i] = ByteAt(i);
        }

        using (connector)
        {
            var recent = new Queue<StoreKey>();
            Console.WriteLine("writing");
            while (true)
            {
                StoreKey key = connector.Put(data);
                Console.WriteLine($"put {key.Id}");

                // Keep the last two objects only: the loop runs until killed and must not fill the disk.
                recent.Enqueue(key);
                if (recent.Count > 2)
                {
                    connector.Evict(recent.Dequeue());
                }
            }
        }
    }
}

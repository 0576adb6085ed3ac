using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text.Json;
using ProxyStore.Connectors;

namespace ProxyStore.TestConsumer;

/// <summary>
/// Arrays across processes. <c>put-array &lt;config-file&gt; &lt;length&gt; &lt;seed&gt;</c> recreates a
/// store from its config, puts <see cref="Make"/>'s doubles and prints the key as JSON;
/// <c>array-digest &lt;config-file&gt; &lt;key-json&gt;</c> gets an array and prints its type, shape and
/// the XxHash64 of its bytes. <c>slow-put-shm &lt;root&gt; &lt;name&gt; &lt;sizeBytes&gt;</c> puts into a
/// SharedMemoryConnector until it is killed, as slow-put does into files.
/// </summary>
public static class ArrayMode
{
    /// <summary>The doubles put-array writes: a function of the index and seed, NaN payloads and -0.0 among them.</summary>
    public static double[] Make(int length, int seed)
    {
        var values = new double[length];
        var random = new Random(seed);
        random.NextBytes(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    public static int Put(string configFile, int length, int seed)
    {
        using Store store = Open(configFile);
        StoreKey key = store.Put(Make(length, seed));
        Console.WriteLine(JsonSerializer.Serialize(key));
        return 0;
    }

    public static int Digest(string configFile, string keyJson)
    {
        using Store store = Open(configFile);
        StoreKey key = JsonSerializer.Deserialize<StoreKey>(keyJson)!;
        if (store.Get<object>(key) is not Array array)
        {
            Console.WriteLine("missing");
            return 1;
        }

        Console.WriteLine(DigestOf(array));
        return 0;
    }

    /// <summary>The array's type name, shape and the XxHash64 of its bytes, one line.</summary>
    public static string DigestOf(Array array)
    {
        int size = System.Runtime.CompilerServices.RuntimeHelpers.SizeOf(array.GetType().GetElementType()!.TypeHandle);
        ReadOnlySpan<byte> bytes = MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(array), array.Length * size);
        string shape = string.Join("x", Enumerable.Range(0, array.Rank).Select(array.GetLength));
        return $"{array.GetType().FullName} {shape} {XxHash64.HashToUInt64(bytes):x16}";
    }

    // clear: false, so the killed writer's segments are exactly what the test inspects.
    public static int SlowPut(string root, string name, long size) =>
        TestConsumer.SlowPut.Loop(SharedMemoryConnector.Under(root, name, clear: false), size);

    private static Store Open(string configFile) =>
        Store.FromConfig(JsonSerializer.Deserialize<StoreConfig>(File.ReadAllText(configFile))! with { Register = false });
}

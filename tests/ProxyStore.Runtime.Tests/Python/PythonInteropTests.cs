using System.Numerics;
using System.Text.Json;
using ProxyStore.Connectors;
using ProxyStore.Serialization;
using ProxyStore.Tests.Redis;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Python;

/// <summary>
/// This library and the real Python ProxyStore on one Redis server and one directory, both
/// ways: Python's <c>Store</c> puts and a .NET store gets, a .NET store puts and Python's gets.
/// </summary>
public class PythonInteropTests
{
    public record Reading(string Sensor, double Value, int[] Samples);

    [PythonFact]
    public void Python_puts_and_dotnet_gets_on_redis()
    {
        var options = new RedisConnectorOptions { ValueFormat = ValueFormat.Python };
        using var store = new Store(UniqueNames.Store("py-redis-in"), RedisConnector.Connect(RedisTestServer.Host, RedisTestServer.Port, options));
        string[] medium = ["redis", RedisTestServer.Host, RedisTestServer.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        JsonElement keys = PythonProxyStore.Run(["produce", .. medium]);
        try
        {
            AssertPythonValues(store, keys);
        }
        finally
        {
            PythonProxyStore.Run(["evict", .. medium, keys.GetRawText()]);
        }

        Assert.All(keys.EnumerateObject(), key => Assert.False(RedisTestServer.Raw().KeyExists(key.Value.GetString())));
    }

    [PythonFact]
    public void Python_puts_and_dotnet_gets_on_files()
    {
        using var dir = new TempDirectory();
        using var store = new Store(UniqueNames.Store("py-file-in"), new FileConnector(dir.Path, clear: false) { ValueFormat = ValueFormat.Python });
        JsonElement keys = PythonProxyStore.Run("produce", "file", dir.Path);
        AssertPythonValues(store, keys);

        // Python's FileConnector wrote its marker beside each object; .NET evicts both.
        string bytesId = keys.GetProperty("bytes").GetString()!;
        Assert.True(File.Exists(Path.Combine(dir.Path, bytesId + ".ready")));
        store.Evict(new StoreKey(bytesId));
        Assert.False(File.Exists(Path.Combine(dir.Path, bytesId)));
        Assert.False(File.Exists(Path.Combine(dir.Path, bytesId + ".ready")));
    }

    [PythonFact]
    public void Dotnet_puts_and_python_gets_on_redis()
    {
        var options = new RedisConnectorOptions { ValueFormat = ValueFormat.Python };
        using var store = new Store(UniqueNames.Store("py-redis-out"), RedisConnector.Connect(RedisTestServer.Host, RedisTestServer.Port, options));
        Dictionary<string, StoreKey> keys = PutDotnetValues(store);
        try
        {
            JsonElement seen = PythonProxyStore.Run("consume", "redis", RedisTestServer.Host, RedisTestServer.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), KeysJson(keys));
            AssertSeenByPython(seen);
        }
        finally
        {
            foreach (StoreKey key in keys.Values)
            {
                store.Evict(key);
            }
        }
    }

    [PythonFact]
    public void Dotnet_puts_and_python_gets_on_files()
    {
        using var dir = new TempDirectory();
        using var store = new Store(UniqueNames.Store("py-file-out"), new FileConnector(dir.Path, clear: false) { ValueFormat = ValueFormat.Python });
        Dictionary<string, StoreKey> keys = PutDotnetValues(store);
        AssertSeenByPython(PythonProxyStore.Run("consume", "file", dir.Path, KeysJson(keys)));

        // Python's evict removes the object and its marker; .NET then finds nothing.
        PythonProxyStore.Run("evict", "file", dir.Path, KeysJson(keys));
        Assert.All(keys.Values, key => Assert.False(store.Exists(key)));
        Assert.Empty(Directory.EnumerateFiles(dir.Path));
    }

    private static void AssertPythonValues(Store store, JsonElement keys)
    {
        StoreKey Key(string name) => new(keys.GetProperty(name).GetString()!);

        Assert.Equal(new byte[] { 0, 1, (byte)'r', (byte)'a', (byte)'w', 0xff }, store.Get<byte[]>(Key("bytes")));
        Assert.Equal("h\u00e9llo \U0001F40D", store.Get<string>(Key("str")));
        Assert.Equal(new double[,] { { 0, 0.25, 0.5 }, { 0.75, 1, 1.25 } }, store.Get<double[,]>(Key("f8_2d")));
        Assert.Equal(new float[] { 1.5f, -2.25f, float.PositiveInfinity }, store.Get<float[]>(Key("f4")));
        Assert.Equal(new int[] { int.MinValue, 0, int.MaxValue }, store.Get<int[]>(Key("i4")));
        Assert.Equal(new long[] { long.MinValue, long.MaxValue }, store.Get<long[]>(Key("i8")));
        Assert.Equal(new byte[] { 0, 7, 255 }, Assert.IsType<byte[]>(store.Get<object>(Key("u1"))));
        Assert.Equal(new bool[] { true, false, true }, store.Get<bool[]>(Key("bool")));
        Assert.Equal(new Complex[] { new(1, 2), new(0, -0.5) }, store.Get<Complex[]>(Key("c16")));
        Assert.Empty(store.Get<double[]>(Key("empty"))!);
        Assert.Equal(new Reading("t1", 2.5, [1, 2]) with { Samples = [] }, store.Get<Reading>(Key("json"))! with { Samples = [] });
        Assert.Equal(new[] { 1, 2 }, store.Get<Reading>(Key("json"))!.Samples);

        var pickled = Assert.IsType<Dictionary<object, object?>>(store.Get<object>(Key("pickle")));
        Assert.Equal(new List<object?> { 1L, 2.5, null, true }, pickled["a"]);
        Assert.Equal(new object?[] { "xy"u8.ToArray(), "z" }, Assert.IsType<object?[]>(pickled["b"]));
        Assert.Equal(BigInteger.Pow(2, 70), pickled["big"]);

        StoreSerializationException refused = Assert.Throws<StoreSerializationException>(() => store.Get<object>(Key("class")));
        Assert.Contains("'__main__.Point'", refused.Message);
    }

    private static Dictionary<string, StoreKey> PutDotnetValues(Store store) => new()
    {
        ["bytes"] = store.Put(new byte[] { 0, 1, 0xff }),
        ["str"] = store.Put("h\u00e9llo \U0001F40D"),
        ["f8_2d"] = store.Put(new double[,] { { 1.5, -2 }, { 3, 4.25 }, { 5, 6 } }),
        ["f4"] = store.Put(new float[] { 0.5f, -1 }),
        ["i4"] = store.Put(new int[] { int.MinValue, int.MaxValue }),
        ["i8"] = store.Put(new long[] { long.MinValue, 42 }),
        ["bool"] = store.Put(new bool[] { false, true }),
        ["c16"] = store.Put(new Complex[] { new(1, -1) }),
        ["empty"] = store.Put(Array.Empty<double>()),
        ["json"] = store.Put(new Reading("t2", -1.5, [3])),
        ["dict"] = store.Put(new Dictionary<string, object> { ["n"] = 1, ["tags"] = new[] { "a", "b" } }),
    };

    private static string KeysJson(Dictionary<string, StoreKey> keys) =>
        JsonSerializer.Serialize(keys.ToDictionary(pair => pair.Key, pair => pair.Value.Id));

    private static void AssertSeenByPython(JsonElement seen)
    {
        void Array(string name, string dtype, int[] shape, string values)
        {
            JsonElement value = seen.GetProperty(name);
            Assert.Equal("ndarray", value.GetProperty("type").GetString());
            Assert.Equal(dtype, value.GetProperty("dtype").GetString());
            Assert.Equal(shape, value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
            Assert.True(value.GetProperty("c_order").GetBoolean());
            Assert.Equal(values, value.GetProperty("values").GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal));
        }

        Assert.Equal("bytes", seen.GetProperty("bytes").GetProperty("type").GetString());
        Assert.Equal("0001ff", seen.GetProperty("bytes").GetProperty("hex").GetString());
        Assert.Equal("h\u00e9llo \U0001F40D", seen.GetProperty("str").GetProperty("value").GetString());
        Array("f8_2d", "float64", [3, 2], "[[1.5,-2.0],[3.0,4.25],[5.0,6.0]]");
        Array("f4", "float32", [2], "[0.5,-1.0]");
        Array("i4", "int32", [2], "[-2147483648,2147483647]");
        Array("i8", "int64", [2], "[-9223372036854775808,42]");
        Array("bool", "bool", [2], "[false,true]");
        Array("c16", "complex128", [1], "[[1.0,-1.0]]");
        Array("empty", "float64", [0], "[]");
        Assert.Equal("{\"sensor\":\"t2\",\"value\":-1.5,\"samples\":[3]}", seen.GetProperty("json").GetProperty("value").GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal));
        Assert.Equal("{\"n\":1,\"tags\":[\"a\",\"b\"]}", seen.GetProperty("dict").GetProperty("value").GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal));
    }
}

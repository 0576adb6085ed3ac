using System.Numerics;
using System.Text;
using ProxyStore.Connectors;
using ProxyStore.Serialization;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Arrays;

/// <summary>
/// Arrays inside a stored object leave its JSON as raw buffers in the same frame: in properties,
/// records, lists, dictionaries, jagged arrays and object-typed members, exact, checked by the
/// frame's checksum, and costing little more than their bytes.
/// </summary>
public sealed class OutOfBandBufferTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private Store NewFileStore(string name) =>
        new(UniqueNames.Store(name), new FileConnector(_dir.Sub(name)), cacheSize: 0, metrics: true);

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public async Task Arrays_in_every_position_of_an_object_come_back_exact(string connector)
    {
        using var store = new Store(UniqueNames.Store("oob-" + connector), ConnectorCases.Create(connector, _dir), cacheSize: 0);
        Holder holder = NewHolder(size: 20_000);

        foreach (bool async in new[] { false, true })
        {
            StoreKey key = async ? await store.PutAsync(holder) : store.Put(holder);
            Holder got = async ? (await store.GetAsync<Holder>(key))! : store.Get<Holder>(key)!;
            AssertSame(holder, got);
        }
    }

    [Fact]
    public void An_object_holding_8_MiB_of_doubles_is_stored_in_at_most_1_02_times_its_bytes()
    {
        using Store store = NewFileStore("oob-size");
        var matrix = new Matrix(1024, 1024, ArrayRoundTripTests.Filled(new double[1024 * 1024]));

        StoreKey key = store.Put(matrix);

        long stored = (long)store.Metrics!.GetMetrics(key)!.Attributes[MetricNames.PutObjectSize];
        Assert.InRange(stored, 8L << 20, (long)((8L << 20) * 1.02));
        Assert.Equal(stored, new FileInfo(Path.Join(_dir.Sub("oob-size"), key.Id)).Length);
        Matrix got = store.Get<Matrix>(key)!;
        Assert.Equal((matrix.Rows, matrix.Cols), (got.Rows, got.Cols));
        ArrayAssert.BitEqual<double>(matrix.Data, got.Data);
    }

    [Fact]
    public void The_json_keeps_a_small_reference_and_the_buffers_follow_it_aligned()
    {
        using Store store = NewFileStore("oob-layout");
        double[] data = ArrayRoundTripTests.Filled(new double[10_000]);

        StoreKey key = store.Put(new Matrix(100, 100, data));

        byte[] file = File.ReadAllBytes(Path.Join(_dir.Sub("oob-layout"), key.Id));
        string text = Encoding.UTF8.GetString(file);
        Assert.Contains("\"Data\":{\"$buf\":0}", text);
        byte[] raw = System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()).ToArray();
        int at = file.AsSpan().IndexOf(raw);
        Assert.Equal(file.Length - raw.Length, at);
        Assert.Equal(0, at % 64);
    }

    [Fact]
    public void A_nan_in_a_small_array_inside_an_object_is_kept_where_json_numbers_could_not_hold_it()
    {
        using Store store = NewFileStore("oob-nan");
        var matrix = new Matrix(1, 3, [double.NaN, double.PositiveInfinity, -0.0]);

        Matrix got = store.Get<Matrix>(store.Put(matrix))!;

        ArrayAssert.BitEqual<double>(matrix.Data, got.Data);
    }

    [Fact]
    public void A_proxy_beside_an_array_in_an_object_stays_a_reference()
    {
        using var store = new Store(UniqueNames.Store("oob-proxy"), new FileConnector(_dir.Sub("oob-proxy")), register: true);
        IReadOnlyList<int> reference = store.Proxy<IReadOnlyList<int>>(new[] { 7, 8, 9 });
        var value = new WithProxy("p", ArrayRoundTripTests.Filled(new double[50_000]), reference);

        WithProxy got = store.Get<WithProxy>(store.Put(value))!;

        Assert.False(Proxies.IsResolved(got.Reference!));
        Assert.Equal(Proxies.GetKey(reference), Proxies.GetKey(got.Reference!));
        Assert.Equal([7, 8, 9], got.Reference);
        ArrayAssert.BitEqual<double>(value.Data, got.Data);
    }

    [Fact]
    public void A_damaged_buffer_is_refused_as_damage_naming_store_and_key()
    {
        using Store store = NewFileStore("oob-damage");
        StoreKey key = store.Put(new Matrix(300, 300, ArrayRoundTripTests.Filled(new double[90_000])));
        string path = Path.Join(_dir.Sub("oob-damage"), key.Id);
        byte[] file = File.ReadAllBytes(path);
        file[file.Length - 1000] ^= 0x01;
        File.WriteAllBytes(path, file);

        var damaged = Assert.Throws<StoreSerializationException>(() => store.Get<Matrix>(key));
        Assert.Contains("damaged", damaged.Message);
        Assert.Contains(key.ToString(), damaged.Message);
        Assert.Contains(store.Name, damaged.Message);
    }

    [Fact]
    public void Json_that_names_one_buffer_twice_is_refused()
    {
        var value = new Holder { Floats = [1, 2, 3], Points = [new Point3 { X = 1 }] };
        byte[] bytes = DefaultSerializer.Instance.Serialize(value);
        string text = Encoding.Latin1.GetString(bytes);
        Assert.Contains("\"Floats\":{\"$buf\":0}", text);
        byte[] forged = Encoding.Latin1.GetBytes(ReplaceSecondBufferIndex(text));

        var refused = Assert.ThrowsAny<Exception>(() => DefaultSerializer.Instance.Deserialize(forged, typeof(Holder)));
        Assert.Contains("buffer 0 twice", refused.ToString());
    }

    [Fact]
    public void Json_written_before_arrays_left_it_still_reads()
    {
        // What the serializer wrote for a Matrix until now: the tag, the type name, plain JSON.
        string typeName = "ProxyStore.Tests.Arrays.Matrix, ProxyStore.Runtime.Tests";
        byte[] json = Encoding.UTF8.GetBytes("{\"Rows\":1,\"Cols\":3,\"Data\":[1.5,2,-3]}");
        byte[] payload = [3, (byte)typeName.Length, .. Encoding.UTF8.GetBytes(typeName), .. json];

        var matrix = (Matrix)DefaultSerializer.Instance.Deserialize(payload, typeof(Matrix))!;

        Assert.Equal([1.5, 2, -3], matrix.Data);
    }

    private static string ReplaceSecondBufferIndex(string text)
    {
        // The second reference, "$buf":1, made to name buffer 0 again (same length).
        int second = text.IndexOf("\"$buf\":1", StringComparison.Ordinal);
        Assert.True(second > 0);
        return text[..second] + "\"$buf\":0" + text[(second + "\"$buf\":1".Length)..];
    }

    private static Holder NewHolder(int size) => new()
    {
        Label = "holder",
        Floats = ArrayRoundTripTests.Filled(new float[size]),
        Grid = ArrayRoundTripTests.Filled(new double[30, 40]),
        Jagged = [[1, 2, 3], [], ArrayRoundTripTests.Filled(new int[size])],
        Rows = [[double.NaN, -0.0], ArrayRoundTripTests.Filled(new double[size])],
        ByName = new() { ["a"] = [long.MinValue, 1], ["b"] = ArrayRoundTripTests.Filled(new long[size]) },
        Anything = ArrayRoundTripTests.Filled(new ushort[size]),
        Readings = ArrayRoundTripTests.Filled(new double[100]),
        Raw = ArrayRoundTripTests.Filled(new byte[size]),
        Shorts = ArrayRoundTripTests.Filled(new short[size]),
        Spectrum = new[] { new Complex(1, 2), new Complex(-0.0, double.NaN) },
        Halves = new ArraySegment<Half>(ArrayRoundTripTests.Filled(new Half[10]), 2, 5),
        Points = [new Point3 { X = 1, Y = 2, Z = double.NaN }],
        Colors = [Color.Blue, Color.Red],
    };

    private static void AssertSame(Holder expected, Holder actual)
    {
        Assert.Equal(expected.Label, actual.Label);
        ArrayAssert.BitEqual(expected.Floats, actual.Floats);
        ArrayAssert.BitEqual(expected.Grid, actual.Grid);
        Assert.Equal(expected.Jagged.Length, actual.Jagged.Length);
        for (int i = 0; i < expected.Jagged.Length; i++)
        {
            ArrayAssert.BitEqual(expected.Jagged[i], actual.Jagged[i]);
        }

        Assert.Equal(expected.Rows.Count, actual.Rows.Count);
        for (int i = 0; i < expected.Rows.Count; i++)
        {
            ArrayAssert.BitEqual(expected.Rows[i], actual.Rows[i]);
        }

        Assert.Equal(expected.ByName.Keys, actual.ByName.Keys);
        foreach (string name in expected.ByName.Keys)
        {
            ArrayAssert.BitEqual(expected.ByName[name], actual.ByName[name]);
        }

        ArrayAssert.BitEqual((Array)expected.Anything!, Assert.IsType<ushort[]>(actual.Anything));
        Assert.Equal(expected.Readings, actual.Readings);
        Assert.IsType<double[]>(actual.Readings);
        ArrayAssert.BitEqual(expected.Raw, actual.Raw);
        ArrayAssert.BitEqual<short>(expected.Shorts.Span, actual.Shorts.Span);
        ArrayAssert.BitEqual(expected.Spectrum.Span, actual.Spectrum.Span);
        ArrayAssert.BitEqual<Half>(expected.Halves.AsSpan(), actual.Halves.AsSpan());
        ArrayAssert.BitEqual(expected.Points, actual.Points);
        ArrayAssert.BitEqual(expected.Colors, actual.Colors);
    }
}

using System.Numerics;
using System.Text;
using ProxyStore.Serialization;

namespace ProxyStore.Tests.Python;

/// <summary>
/// Python ProxyStore's value format on this side alone: the bytes each tag is written as, and
/// values Python wrote (pickles and .npy files made by CPython and NumPy, kept as hex here) read back.
/// </summary>
public class PythonSerializerTests
{
    private static readonly PythonSerializer Serializer = PythonSerializer.Instance;

    // pickle.dumps({'a': [1, 2.5, None, True], 'b': (b'xy', 'z'), 'big': 2**70, 'neg': -5}, protocol=5)
    private const string PlainPickle =
        "80059545000000000000007d94288c0161945d94284b014740040000000000004e88658c01629443027879948c017a9486948c03626967948a090000000000000000408c036e6567944afbffffff752e";

    // pickle.dumps(Point(), protocol=5) of a class Point in __main__
    private const string ClassPickle = "80059523000000000000008c085f5f6d61696e5f5f948c05506f696e749493942981947d948c0178944b0173622e";

    // pickle.dumps({1, 2}, protocol=5)
    private const string SetPickle = "80059509000000000000008f94284b014b02902e";

    private static byte[] Tagged(string tag, string hex) => [.. Encoding.ASCII.GetBytes(tag + "\n"), .. Convert.FromHexString(hex)];

    [Fact]
    public void Bytes_and_strings_are_their_tag_a_newline_and_themselves()
    {
        Assert.Equal("BS\n\u0001\u0002"u8.ToArray(), Serializer.Serialize(new byte[] { 1, 2 }));
        Assert.Equal("US\nh\u00e9"u8.ToArray(), Serializer.Serialize("h\u00e9"));
        Assert.Equal(new byte[] { 1, 2 }, Serializer.Deserialize("BS\n\u0001\u0002"u8.ToArray(), typeof(byte[])));
        Assert.Equal("h\u00e9", Serializer.Deserialize("US\nh\u00e9"u8.ToArray(), typeof(string)));
    }

    [Fact]
    public void A_string_that_is_not_utf8_is_refused_both_ways()
    {
        Assert.Throws<StoreSerializationException>(() => Serializer.Serialize("\ud800"));
        byte[] bad = [(byte)'U', (byte)'S', (byte)'\n', 0xff];
        StoreSerializationException e = Assert.Throws<StoreSerializationException>(() => Serializer.Deserialize(bad, typeof(string)));
        Assert.Contains("UTF-8", e.Message);
    }

    [Fact]
    public void Arrays_are_npy_files_with_their_dtype_and_shape()
    {
        double[,] grid = { { 1.5, -0.0 }, { double.NaN, 4 } };
        byte[] stored = Serializer.Serialize(grid);
        Assert.Equal((byte[])[(byte)'N', (byte)'P', (byte)'\n', 0x93, .. "NUMPY"u8], stored[..9]);
        string header = Encoding.Latin1.GetString(stored, 3, 128);
        Assert.Contains("'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", header);

        // numpy.save aligns the data to 64 bytes from the start of the .npy file.
        int preamble = 10 + BitConverter.ToUInt16(stored, 3 + 8);
        Assert.Equal(0, preamble % 64);

        double[,] back = Assert.IsType<double[,]>(Serializer.Deserialize(stored, typeof(double[,])));
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(back[0, 1]));
        Assert.True(double.IsNaN(back[1, 0]));
        Assert.Equal(4, back[1, 1]);

        Complex[] complex = [new(1, 2), new(-3, 0.5)];
        Assert.Equal(complex, Serializer.Deserialize(Serializer.Serialize(complex), typeof(Complex[])));
        Assert.Equal(new bool[] { true, false }, Serializer.Deserialize(Serializer.Serialize(new[] { true, false }), typeof(bool[])));
        Assert.Empty(Assert.IsType<int[]>(Serializer.Deserialize(Serializer.Serialize(Array.Empty<int>()), typeof(int[]))));
        Assert.Equal(new long[] { 1, 2 }, Assert.IsType<ReadOnlyMemory<long>>(Serializer.Deserialize(Serializer.Serialize(new long[] { 1, 2 }), typeof(ReadOnlyMemory<long>))).ToArray());
    }

    [Fact]
    public void An_array_numpy_has_no_dtype_for_is_refused_by_name()
    {
        StoreSerializationException e = Assert.Throws<StoreSerializationException>(() => Serializer.Serialize(new[] { DayOfWeek.Monday }));
        Assert.Contains("System.DayOfWeek", e.Message);
        Assert.Contains("NumPy has no dtype", e.Message);
    }

    [Fact]
    public void A_npy_header_that_does_not_match_its_length_is_refused()
    {
        byte[] stored = Serializer.Serialize(new double[] { 1, 2, 3 });
        StoreSerializationException shorter = Assert.Throws<StoreSerializationException>(() => Serializer.Deserialize(stored.AsMemory(0, stored.Length - 1), typeof(double[])));
        Assert.Contains("does not match the 23 bytes stored", shorter.Message);
        StoreSerializationException longer = Assert.Throws<StoreSerializationException>(() => Serializer.Deserialize((byte[])[.. stored, 0], typeof(double[])));
        Assert.Contains("does not match the 25 bytes stored", longer.Message);
    }

    [Fact]
    public void Numpy_dtypes_with_no_dotnet_element_type_are_refused_by_name()
    {
        byte[] stored = Serializer.Serialize(new double[] { 1 });
        byte[] bigEndian = Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(stored).Replace("'<f8'", "'>f8'", StringComparison.Ordinal));
        StoreSerializationException e = Assert.Throws<StoreSerializationException>(() => Serializer.Deserialize(bigEndian, typeof(double[])));
        Assert.Contains("'>f8'", e.Message);
    }

    public record Reading(string Sensor, double Value, int[] Samples);

    [Fact]
    public void Other_values_are_json_with_snake_case_names_and_read_strictly()
    {
        byte[] stored = Serializer.Serialize(new Reading("t1", 2.5, [1, 2]));
        Assert.Equal("JS\n{\"sensor\":\"t1\",\"value\":2.5,\"samples\":[1,2]}", Encoding.UTF8.GetString(stored));
        Reading back = Assert.IsType<Reading>(Serializer.Deserialize(stored, typeof(Reading)));
        Assert.Equal(("t1", 2.5), (back.Sensor, back.Value));
        Assert.Equal([1, 2], back.Samples);

        // A member Python wrote that the record lacks, or one it lacks, is an error, never a default.
        Assert.Throws<StoreSerializationException>(() => Serializer.Deserialize("JS\n{\"sensor\":\"t1\",\"value\":1,\"samples\":[],\"unit\":\"C\"}"u8.ToArray(), typeof(Reading)));
        Assert.Throws<StoreSerializationException>(() => Serializer.Deserialize("JS\n{\"sensor\":\"t1\",\"samples\":[]}"u8.ToArray(), typeof(Reading)));

        Assert.Equal("JS\nnull"u8.ToArray(), Serializer.Serialize(null));
        Assert.Equal(new Dictionary<string, int> { ["a"] = 1 }, Serializer.Deserialize("JS\n{\"a\": 1}"u8.ToArray(), typeof(Dictionary<string, int>)));
    }

    [Fact]
    public void A_pickle_of_plain_data_is_read_as_plain_dotnet_values()
    {
        var dict = Assert.IsType<Dictionary<object, object?>>(Serializer.Deserialize(Tagged("PK", PlainPickle), typeof(object)));
        Assert.Equal(new List<object?> { 1L, 2.5, null, true }, Assert.IsType<List<object?>>(dict["a"]));
        object?[] tuple = Assert.IsType<object?[]>(dict["b"]);
        Assert.Equal(new byte[] { (byte)'x', (byte)'y' }, tuple[0]);
        Assert.Equal("z", tuple[1]);
        Assert.Equal(BigInteger.Pow(2, 70), dict["big"]);
        Assert.Equal(-5L, dict["neg"]);
    }

    [Fact]
    public void A_pickle_that_names_a_class_is_refused_with_the_class_named()
    {
        StoreSerializationException e = Assert.Throws<StoreSerializationException>(() => Serializer.Deserialize(Tagged("PK", ClassPickle), typeof(object)));
        Assert.Contains("'__main__.Point'", e.Message);
        Assert.Contains("nothing in this one was run", e.Message);

        StoreSerializationException set = Assert.Throws<StoreSerializationException>(() => Serializer.Deserialize(Tagged("PK", SetPickle), typeof(object)));
        Assert.Contains("set", set.Message);
    }

    [Fact]
    public void A_cut_pickle_and_unknown_tags_are_refused()
    {
        Assert.Throws<StoreSerializationException>(() => Serializer.Deserialize(Tagged("PK", PlainPickle[..^4]), typeof(object)));
        Assert.Contains("cloudpickle", Assert.Throws<StoreSerializationException>(() => Serializer.Deserialize("CP\n..."u8.ToArray(), typeof(object))).Message);
        Assert.Contains("'ZZ'", Assert.Throws<StoreSerializationException>(() => Serializer.Deserialize("ZZ\n"u8.ToArray(), typeof(object))).Message);
        Assert.Contains("two-letter tag", Assert.Throws<StoreSerializationException>(() => Serializer.Deserialize("PX\u0001"u8.ToArray(), typeof(object))).Message);
    }

    [Fact]
    public void A_value_of_another_type_is_an_invalid_cast()
    {
        Assert.Throws<InvalidCastException>(() => Serializer.Deserialize("US\nx"u8.ToArray(), typeof(byte[])));
        Assert.Throws<InvalidCastException>(() => Serializer.Deserialize(Serializer.Serialize(new double[] { 1 }), typeof(float[])));
    }
}

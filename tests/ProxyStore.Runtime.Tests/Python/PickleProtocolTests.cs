using System.Diagnostics;
using System.Numerics;
using ProxyStore.Serialization;

namespace ProxyStore.Tests.Python;

/// <summary>
/// Pickles of one plain value written by the real Python (protocols 0 to 5, each with its own
/// opcodes: text lines and PUT/GET at 0, binary forms and BINPUT at 1 and 2, FRAME and MEMOIZE at
/// 4 and 5) read back as the same .NET values.
/// </summary>
public class PickleProtocolTests
{
    private const string Value =
        "{'ints': [0, -1, 255, 65535, -2**31, 2**63 - 1, 2**64, -2**100], 'floats': (1.5, -0.0, 1e300), " +
        "'text': 'h\\u00e9 \\U0001F600 \\\\u0041', 'flags': (True, False, None), 'shared': 's', 'again': 's', " +
        "'nested': {'list': [[], [1, [2]]], 'empty': (), 'one': (1,), 'two': (1, 2), 'three': (1, 2, 3)}}";

    public static TheoryData<int> Protocols => [0, 1, 2, 3, 4, 5];

    [PythonTheory]
    [MemberData(nameof(Protocols))]
    public void Every_protocol_of_plain_data_reads_back_as_the_same_values(int protocol)
    {
        // Before protocol 3, Python writes bytes through a call (_codecs.encode), which is refused.
        string value = protocol >= 3 ? Value[..^1] + ", 'bytes': b'\\x00\\xff'}" : Value;
        byte[] pickle = PickleFromPython($"import pickle, sys; sys.stdout.buffer.write(pickle.dumps({value}, protocol={protocol}))");

        var dict = Assert.IsType<Dictionary<object, object?>>(PythonSerializer.Instance.Deserialize(Pk(pickle), typeof(object)));

        Assert.Equal(
            new object[] { 0L, -1L, 255L, 65535L, (long)int.MinValue, long.MaxValue, BigInteger.Pow(2, 64), -BigInteger.Pow(2, 100) },
            Assert.IsType<List<object?>>(dict["ints"]));
        object?[] floats = Assert.IsType<object?[]>(dict["floats"]);
        Assert.Equal(1.5, floats[0]);
        Assert.True(double.IsNegative((double)floats[1]!) && (double)floats[1]! == 0);
        Assert.Equal(1e300, floats[2]);
        Assert.Equal("h\u00e9 \U0001F600 \\u0041", dict["text"]);
        Assert.Equal(protocol >= 3 ? new byte[] { 0, 255 } : null, dict.GetValueOrDefault("bytes"));
        Assert.Equal(new object?[] { true, false, null }, dict["flags"]);
        Assert.Equal("s", dict["again"]);
        var nested = Assert.IsType<Dictionary<object, object?>>(dict["nested"]);
        var list = Assert.IsType<List<object?>>(nested["list"]);
        Assert.Empty(Assert.IsType<List<object?>>(list[0]));
        Assert.Equal(2L, Assert.Single(Assert.IsType<List<object?>>(Assert.IsType<List<object?>>(list[1])[1])));
        Assert.Empty(Assert.IsType<object?[]>(nested["empty"]));
        Assert.Equal(new object?[] { 1L }, nested["one"]);
        Assert.Equal(new object?[] { 1L, 2L }, nested["two"]);
        Assert.Equal(new object?[] { 1L, 2L, 3L }, nested["three"]);
    }

    [PythonFact]
    public void A_pickle_cut_short_or_naming_a_class_at_any_protocol_is_refused()
    {
        byte[] whole = PickleFromPython("import pickle, sys; sys.stdout.buffer.write(pickle.dumps([1, 'two', 3.0], protocol=5))");
        byte[] dated = PickleFromPython("import pickle, sys, datetime; sys.stdout.buffer.write(pickle.dumps([datetime.date(2026, 12, 7)], protocol=2))");

        var cut = Assert.Throws<StoreSerializationException>(() => PythonSerializer.Instance.Deserialize(Pk(whole[..^3]), typeof(object)));
        var named = Assert.Throws<StoreSerializationException>(() => PythonSerializer.Instance.Deserialize(Pk(dated), typeof(object)));

        Assert.Contains("PK", cut.Message, StringComparison.Ordinal);
        Assert.Contains("'datetime.date'", named.Message, StringComparison.Ordinal);
    }

    private static byte[] Pk(byte[] pickle) => [.. "PK\n"u8, .. pickle];

    private static byte[] PickleFromPython(string code)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(code);
        using Process process = Process.Start(start)!;
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
        return output.ToArray();
    }
}

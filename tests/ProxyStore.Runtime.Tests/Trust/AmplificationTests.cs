using System.Text;
using ProxyStore.Serialization;
using ProxyStore.Serialization.Arrays;
using ProxyStore.Tests.Arrays;

namespace ProxyStore.Tests.Trust;

/// <summary>
/// No amplification: a forged payload whose header claims a large shape, many buffers or
/// a long length is refused before anything that size is allocated. Each read is measured with
/// the thread's allocation counter, which counts bytes, not time.
/// </summary>
public sealed class AmplificationTests
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    // What a refused read may allocate beyond a small multiple of the payload: exception objects,
    // their messages and stack traces, the type lookup.
    private const long Overhead = 256 * 1024;

    public static TheoryData<string, long[]> Shapes() => new()
    {
        { "a 1-D shape of 2^40 elements", [1L << 40] },
        { "a 2-D shape whose product overflows", [1L << 32, 1L << 32] },
        { "a 2-D shape of zero elements with a dimension beyond an array's", [0, 1L << 40] },
        { "a 3-D shape of int.MaxValue per dimension", [int.MaxValue, int.MaxValue, int.MaxValue] },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_forged_npy_shape_is_refused_without_allocating_its_size(string forgery, long[] shape)
    {
        Array value = shape.Length switch
        {
            1 => new double[] { 1, 2, 3 },
            2 => new double[,] { { 1, 2 } },
            _ => new double[1, 1, 1],
        };
        byte[] payload = ForgedNpy(value, new NpyHeader("<f8", false, shape));

        (Exception refused, long allocated) = Read(payload, value.GetType());

        Assert.IsType<StoreSerializationException>(refused);
        Assert.True(allocated < Overhead + (4 * payload.Length), $"{forgery}: {allocated} bytes allocated for a {payload.Length}-byte payload.");
    }

    [Fact]
    public void A_forged_count_of_buffers_is_refused_without_allocating_a_table_for_them()
    {
        // A real object with one buffer, its table replaced by a million empty buffers, so the
        // lengths add up to the payload and only the count is out of proportion to the JSON.
        byte[] real = DefaultSerializer.Instance.Serialize(new Matrix(1, 2, [1, 2]));
        int jsonStart = real.AsSpan().IndexOf("{\"Rows\""u8);
        int jsonLength = BitConverter.ToInt32(real, jsonStart - 4);
        int tableStart = jsonStart + jsonLength;
        const int count = 1_000_000;
        byte[] forged = [.. real[..tableStart], .. Varint(count), .. new byte[count]];

        (Exception refused, long allocated) = Read(forged, typeof(Matrix));

        Assert.IsType<StoreSerializationException>(refused);
        Assert.Contains("table of buffers", refused.Message, StringComparison.Ordinal);
        Assert.True(allocated < Overhead + forged.Length, $"{allocated} bytes allocated for a {forged.Length}-byte payload.");
    }

    [Fact]
    public void A_buffer_shape_beyond_its_bytes_is_refused_without_allocating_it()
    {
        byte[] real = DefaultSerializer.Instance.Serialize(new Holder { Grid = new double[,] { { 1, 2 } } });
        string text = Encoding.Latin1.GetString(real);
        string forgedText = text.Replace("\"shape\":[1,2]", "\"shape\":[9999999,9999999]", StringComparison.Ordinal);
        Assert.NotEqual(text, forgedText);
        byte[] forged = Encoding.Latin1.GetBytes(forgedText);
        int jsonStart = forged.AsSpan().IndexOf("{\""u8);
        BitConverter.TryWriteBytes(forged.AsSpan(jsonStart - 4), BitConverter.ToInt32(forged, jsonStart - 4) + (forgedText.Length - text.Length));

        (Exception refused, long allocated) = Read(forged, typeof(Holder));

        Assert.IsType<StoreSerializationException>(refused);
        Assert.True(allocated < Overhead + (4 * forged.Length), $"{allocated} bytes allocated for a {forged.Length}-byte payload.");
    }

    private static (Exception Refused, long Allocated) Read(byte[] payload, Type type)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        Exception? refused = Record.Exception(() => DefaultSerializer.Instance.Deserialize(payload, type));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.NotNull(refused);
        return (refused, allocated);
    }

    private static byte[] ForgedNpy(Array value, NpyHeader header)
    {
        byte[] payload = DefaultSerializer.Instance.Serialize(value);
        int npy = payload.AsSpan().IndexOf(Magic);
        int dataOffset = npy + 10 + BitConverter.ToUInt16(payload, npy + 8);
        return [.. payload[..npy], .. header.Write(0), .. payload[dataOffset..]];
    }

    private static byte[] Varint(int value)
    {
        var bytes = new List<byte>();
        uint remaining = (uint)value;
        while (remaining >= 0x80)
        {
            bytes.Add((byte)(remaining | 0x80));
            remaining >>= 7;
        }

        bytes.Add((byte)remaining);
        return [.. bytes];
    }
}

using System.Text;
using ProxyStore.Connectors;
using ProxyStore.Serialization;
using ProxyStore.Serialization.Arrays;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Arrays;

/// <summary>
/// An array stored alone is a NumPy .npy file behind the .NET type name: numpy.save's header,
/// data aligned to 64 bytes in the frame. A header this reader cannot honour is refused, never
/// read as a wrong value.
/// </summary>
public sealed class NpyFormatTests : IDisposable
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    private readonly TempDirectory _dir = new();
    private readonly Store _store;

    public NpyFormatTests()
    {
        _store = new Store(UniqueNames.Store("npy"), new FileConnector(_dir.Sub("store")), cacheSize: 0);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Theory]
    [InlineData(typeof(double), "<f8")]
    [InlineData(typeof(float), "<f4")]
    [InlineData(typeof(Half), "<f2")]
    [InlineData(typeof(int), "<i4")]
    [InlineData(typeof(ulong), "<u8")]
    [InlineData(typeof(bool), "|b1")]
    [InlineData(typeof(sbyte), "|i1")]
    [InlineData(typeof(char), "<u2")]
    [InlineData(typeof(Color), "|u1")]
    [InlineData(typeof(Weekday), "<i4")]
    [InlineData(typeof(System.Numerics.Complex), "<c16")]
    [InlineData(typeof(Point3), "|V24")]
    [InlineData(typeof(decimal), "|V16")]
    public void The_stored_bytes_are_a_npy_file_with_the_element_types_dtype(Type elementType, string descr)
    {
        Array value = Array.CreateInstance(elementType, 2, 3);
        StoreKey key = _store.Put(value);

        (string header, int dataOffset, byte[] file) = ReadNpy(key);

        Assert.Equal($"{{'descr': '{descr}', 'fortran_order': False, 'shape': (2, 3), }}", header.TrimEnd());
        Assert.Equal(0, dataOffset % 64);
        Assert.Equal(file.Length - dataOffset, 6 * System.Runtime.CompilerServices.RuntimeHelpers.SizeOf(elementType.TypeHandle));
    }

    [Fact]
    public void A_one_dimensional_shape_is_written_as_python_writes_a_one_tuple()
    {
        StoreKey key = _store.Put(new double[] { 1, 2, 3 });

        (string header, int dataOffset, byte[] file) = ReadNpy(key);

        Assert.Equal("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", header.TrimEnd());
        Assert.Equal(BitConverter.GetBytes(1.0), file[dataOffset..(dataOffset + 8)]);
    }

    [Theory]
    [InlineData(">f8", "big-endian")]
    [InlineData("|O", "Python objects")]
    [InlineData("<i8", "does not hold System.Double")]
    [InlineData("<U4", "does not hold System.Double")]
    public void A_dtype_this_reader_cannot_read_as_the_stored_type_is_refused(string descr, string reason)
    {
        StoreKey key = PutForged(new double[] { 1, 2, 3 }, new NpyHeader(descr, false, [3]));

        var refused = Assert.Throws<StoreSerializationException>(() => _store.Get<double[]>(key));
        Assert.Contains(reason, refused.Message);
        Assert.Contains(key.ToString(), refused.Message);
    }

    [Theory]
    [InlineData(4L, "does not match")]
    [InlineData(2L, "does not match")]
    public void A_shape_that_does_not_match_the_bytes_is_refused(long length, string reason)
    {
        StoreKey key = PutForged(new double[] { 1, 2, 3 }, new NpyHeader("<f8", false, [length]));

        Assert.Contains(reason, Assert.Throws<StoreSerializationException>(() => _store.Get<double[]>(key)).Message);
    }

    [Fact]
    public void A_multi_dimensional_array_in_fortran_order_is_refused()
    {
        StoreKey key = PutForged(new double[,] { { 1, 2 }, { 3, 4 } }, new NpyHeader("<f8", true, [2, 2]));

        Assert.Contains("Fortran", Assert.Throws<StoreSerializationException>(() => _store.Get<double[,]>(key)).Message);
    }

    [Fact]
    public void A_header_with_a_rank_other_than_the_types_is_refused()
    {
        StoreKey key = PutForged(new double[] { 1, 2, 3, 4 }, new NpyHeader("<f8", false, [2, 2]));

        Assert.Contains("2 dimensions", Assert.Throws<StoreSerializationException>(() => _store.Get<double[]>(key)).Message);
    }

    [Theory]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), 'extra': 1, }", "unknown key")]
    [InlineData("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (3,), }", "record")]
    [InlineData("{'descr': '<f8', 'shape': (3,), }", "lacks")]
    [InlineData("not a dict", "not a Python dict")]
    public void A_header_that_is_not_numpys_is_refused(string text, string reason)
    {
        StoreKey key = PutForged(new double[] { 1, 2, 3 }, text);

        Assert.Contains(reason, Assert.Throws<StoreSerializationException>(() => _store.Get<double[]>(key)).Message);
    }

    // The frame of key, split at its .npy preamble: the header text and where the data starts.
    private (string Header, int DataOffset, byte[] File) ReadNpy(StoreKey key)
    {
        byte[] file = File.ReadAllBytes(Path.Join(_dir.Sub("store"), key.Id));
        int npy = file.AsSpan().IndexOf(Magic);
        Assert.True(npy > StoredFrame.HeaderSize);
        Assert.Equal(1, file[npy + 6]);
        int headerLength = BitConverter.ToUInt16(file, npy + 8);
        string header = Encoding.ASCII.GetString(file, npy + 10, headerLength);
        Assert.EndsWith("\n", header);
        return (header, npy + 10 + headerLength, file);
    }

    // Stores the payload of value with its .npy header replaced, sealed with a valid checksum.
    private StoreKey PutForged(Array value, NpyHeader header) => PutForged(value, npy => npy.Concat(header.Write(0)));

    private StoreKey PutForged(Array value, string text)
    {
        byte[] dict = Encoding.ASCII.GetBytes(text + "\n");
        return PutForged(value, npy => npy.Concat(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)dict.Length, 0 }).Concat(dict));
    }

    private StoreKey PutForged(Array value, Func<IEnumerable<byte>, IEnumerable<byte>> withPreamble)
    {
        byte[] payload = DefaultSerializer.Instance.Serialize(value);
        int npy = payload.AsSpan().IndexOf(Magic);
        int dataOffset = npy + 10 + BitConverter.ToUInt16(payload, npy + 8);
        byte[] forged = [.. withPreamble(payload[..npy]), .. payload[dataOffset..]];
        return _store.Connector.Put(StoredFrame.Wrap(forged));
    }
}

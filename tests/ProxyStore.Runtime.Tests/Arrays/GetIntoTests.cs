using ProxyStore.Connectors;
using ProxyStore.Serialization;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Arrays;

/// <summary>
/// Gets into the caller's memory: the stored elements bit for bit on every connector, a
/// multi-dimensional array row by row, a byte[] as its raw bytes, the rest of the destination untouched; a missing key is
/// null, and the wrong element type, a short destination and damage are refused by name.
/// </summary>
public sealed class GetIntoTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public async Task An_array_is_read_into_the_callers_memory_bit_for_bit_on_every_connector(string connector)
    {
        using var store = new Store(UniqueNames.Store("into-" + connector), ConnectorCases.Create(connector, _dir), metrics: true);
        double[] value = ArrayRoundTripTests.Filled(new double[250_001]);
        value[3] = -0.0;
        value[4] = BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_BEEF);
        StoreKey key = store.Put(value);
        double[] buffer = new double[value.Length + 2];
        buffer.AsSpan().Fill(42.5);

        int? count = store.GetInto<double>(key, buffer);

        Assert.Equal(value.Length, count);
        ArrayAssert.BitEqual(value, buffer[..value.Length]);
        Assert.Equal([42.5, 42.5], buffer[value.Length..]);

        double[] asyncBuffer = new double[value.Length];
        Assert.Equal(value.Length, await store.GetIntoAsync<double>(key, asyncBuffer));
        ArrayAssert.BitEqual(value, asyncBuffer);
        Assert.Equal(2, store.Metrics!.GetMetrics(key)!.Times[MetricNames.Get].Count);
    }

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public async Task Bytes_are_read_into_the_callers_memory_on_every_connector(string connector)
    {
        using var store = new Store(UniqueNames.Store("into-bytes-" + connector), ConnectorCases.Create(connector, _dir));
        byte[] value = new byte[(1 << 20) + 3];
        new Random(7).NextBytes(value);
        StoreKey key = store.Put(value);
        StoreKey memoryKey = store.Put(new ReadOnlyMemory<byte>(value, 5, 1000));
        byte[] buffer = new byte[value.Length + 1];
        buffer[^1] = 0xA5;

        Assert.Equal(value.Length, store.GetInto<byte>(key, buffer));
        Assert.Equal(value, buffer[..value.Length]);
        Assert.Equal(0xA5, buffer[^1]);

        byte[] asyncBuffer = new byte[1000];
        Assert.Equal(1000, await store.GetIntoAsync<byte>(memoryKey, asyncBuffer));
        Assert.Equal(value[5..1005], asyncBuffer);

        var wrongType = Assert.Throws<InvalidCastException>(() => store.GetInto<int>(key, new int[value.Length]));
        Assert.Contains("System.Byte[]", wrongType.Message, StringComparison.Ordinal);
        Assert.Contains(key.ToString(), wrongType.Message, StringComparison.Ordinal);
        var tooShort = Assert.Throws<ArgumentException>(() => store.GetInto<byte>(key, new byte[10]));
        Assert.Contains($"{value.Length} elements", tooShort.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Damaged_bytes_are_refused()
    {
        string directory = _dir.Sub("damaged-bytes");
        using var store = new Store(UniqueNames.Store("into-damaged-bytes"), new FileConnector(directory));
        byte[] value = new byte[100_000];
        new Random(3).NextBytes(value);
        StoreKey key = store.Put(value);
        string path = Path.Join(directory, key.Id);
        byte[] file = File.ReadAllBytes(path);
        file[^7] ^= 0x01;
        File.WriteAllBytes(path, file);

        Assert.Contains("damaged", Assert.Throws<StoreSerializationException>(() => store.GetInto<byte>(key, new byte[value.Length])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_multi_dimensional_array_arrives_row_by_row()
    {
        using var store = new Store(UniqueNames.Store("into-grid"), new FileConnector(_dir.Sub("grid")));
        int[,] grid = new int[3, 4];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                grid[i, j] = (10 * i) + j;
            }
        }

        int[] buffer = new int[12];
        Assert.Equal(12, store.GetInto<int>(store.Put(grid), buffer));
        Assert.Equal([0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23], buffer);
    }

    [Fact]
    public async Task A_missing_key_is_null_and_leaves_the_destination_as_it_was()
    {
        using var store = new Store(UniqueNames.Store("into-missing"), new LocalConnector());
        float[] buffer = [1f, 2f];

        Assert.Null(store.GetInto<float>(new StoreKey(StoreKey.NewId()), buffer));
        Assert.Null(await store.GetIntoAsync<float>(new StoreKey(StoreKey.NewId()), buffer));
        Assert.Equal([1f, 2f], buffer);
    }

    [Fact]
    public void Another_element_type_an_object_and_a_short_destination_are_refused_by_name_and_nothing_is_read()
    {
        using var store = new Store(UniqueNames.Store("into-wrong"), new FileConnector(_dir.Sub("wrong")));
        StoreKey doubles = store.Put(new[] { 1.0, 2.0, 3.0 });
        StoreKey matrix = store.Put(new Matrix(1, 1, [1.0]));
        double[] shortBuffer = [9.0, 9.0];

        var wrongType = Assert.Throws<InvalidCastException>(() => store.GetInto<float>(doubles, new float[3]));
        Assert.Contains("System.Double[]", wrongType.Message, StringComparison.Ordinal);
        Assert.Contains(doubles.ToString(), wrongType.Message, StringComparison.Ordinal);
        Assert.Contains("not an array stored alone", Assert.Throws<InvalidCastException>(() => store.GetInto<double>(matrix, new double[1])).Message, StringComparison.Ordinal);
        var tooShort = Assert.Throws<ArgumentException>(() => store.GetInto<double>(doubles, shortBuffer));
        Assert.Contains("3 elements", tooShort.Message, StringComparison.Ordinal);
        Assert.Contains(doubles.ToString(), tooShort.Message, StringComparison.Ordinal);
        Assert.Equal([9.0, 9.0], shortBuffer);
    }

    [Fact]
    public void A_damaged_array_is_refused()
    {
        string directory = _dir.Sub("damaged");
        using var store = new Store(UniqueNames.Store("into-damaged"), new FileConnector(directory));
        StoreKey key = store.Put(ArrayRoundTripTests.Filled(new double[100_000]));
        string path = Path.Join(directory, key.Id);
        byte[] file = File.ReadAllBytes(path);
        file[^3] ^= 0x10;
        File.WriteAllBytes(path, file);

        Assert.Contains("damaged", Assert.Throws<StoreSerializationException>(() => store.GetInto<double>(key, new double[100_000])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_with_another_serializer_copies_the_array_it_gets_into_the_destination()
    {
        using var store = new Store(UniqueNames.Store("into-json"), new LocalConnector(), serializer: new XorSerializer());
        long[] value = [1, -2, long.MaxValue];
        long[] buffer = new long[3];

        Assert.Equal(3, store.GetInto<long>(store.Put(value), buffer));
        Assert.Equal(value, buffer);
    }
}

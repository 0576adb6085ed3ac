using System.Numerics;
using ProxyStore.Connectors;
using ProxyStore.Serialization;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Arrays;

/// <summary>
/// Arrays of unmanaged values stored alone come back bit for bit, in every element type, rank
/// and container, on every connector, through sync and async gets.
/// </summary>
public sealed class ArrayRoundTripTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>One array of every supported element type, with the values that equality cannot see.</summary>
    public static Array[] EveryElementType() =>
    [
        new[] { true, false, true },
        new[] { 'a', '\0', '\uFFFF', 'é' },
        new sbyte[] { -128, 0, 127 },
        new byte[,] { { 0, 255 }, { 7, 8 } },
        new short[] { short.MinValue, -1, short.MaxValue },
        new ushort[] { 0, ushort.MaxValue },
        new[] { int.MinValue, 0, int.MaxValue },
        new[] { uint.MaxValue, 1u },
        new[] { long.MinValue, long.MaxValue },
        new[] { ulong.MaxValue, 0ul },
        new nint[] { nint.MinValue, 42 },
        new nuint[] { nuint.MaxValue, 42 },
        new[] { Half.NaN, BitConverter.UInt16BitsToHalf(0x7E01), Half.NegativeZero, Half.MaxValue },
        new[] { float.NaN, BitConverter.Int32BitsToSingle(0x7FC0_1234), -0.0f, float.Epsilon, float.NegativeInfinity },
        new[] { double.NaN, BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_1234), BitConverter.Int64BitsToDouble(unchecked((long)0xFFF0_0000_0000_0001)), -0.0, double.MaxValue, double.Epsilon },
        new[] { 1.5m, decimal.MaxValue, -0.000001m },
        new[] { new Complex(1, -2), new Complex(double.NaN, -0.0) },
        new[] { DateTime.UnixEpoch, new DateTime(2026, 12, 6, 1, 2, 3, DateTimeKind.Local) },
        new[] { Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), Guid.Empty },
        new[] { Int128.MaxValue, Int128.MinValue },
        new[] { Color.Red, Color.Blue, (Color)77 },
        new[] { Weekday.Monday, Weekday.Sunday },
        new[] { new Point3 { X = 1, Y = -0.0, Z = double.NaN }, new Point3 { X = 4 } },
        new[] { new Mixed { Flag = true, Letter = 'z', Count = -5, Tail = 9 } },
    ];

    /// <summary>Empty arrays, multi-dimensional ones, and ones large enough to be written from the caller's memory.</summary>
    public static Array[] EveryShape() =>
    [
        Array.Empty<double>(),
        new double[0, 5],
        new int[3, 0, 2],
        new[,] { { 1.0, 2.0, 3.0 }, { 4.0, 5.0, 6.0 } },
        Filled(new float[2, 3, 4]),
        Filled(new double[100_000]),
        Filled(new int[300, 200]),
    ];

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public async Task Every_element_type_and_shape_comes_back_bit_for_bit(string connector)
    {
        using var store = new Store(UniqueNames.Store("arrays-" + connector), ConnectorCases.Create(connector, _dir), cacheSize: 0);
        foreach (Array value in EveryElementType().Concat(EveryShape()))
        {
            StoreKey key = store.Put(value);

            ArrayAssert.BitEqual(value, (Array?)store.Get<object>(key));
            ArrayAssert.BitEqual(value, (Array?)await store.GetAsync<object>(key));
            StoreKey asyncKey = await store.PutAsync(value);
            ArrayAssert.BitEqual(value, (Array?)store.Get<object>(asyncKey));
        }
    }

    [Fact]
    public void A_typed_get_returns_the_array_type_that_was_put()
    {
        using var store = new Store(UniqueNames.Store("arrays-typed"), new FileConnector(_dir.Sub("typed")), cacheSize: 0);
        double[] value = Filled(new double[1000]);
        StoreKey key = store.Put(value);
        StoreKey grid = store.Put(new[,] { { 1, 2 }, { 3, 4 } });

        ArrayAssert.BitEqual(value, store.Get<double[]>(key));
        Assert.Equal(value, store.Get<IReadOnlyList<double>>(key));
        Assert.Equal(value, store.Get<IList<double>>(key));
        Assert.Equal(value, store.Get<ReadOnlyMemory<double>>(key).ToArray());
        Assert.Equal(value, store.Get<Memory<double>>(key).ToArray());
        Assert.Equal(value, store.Get<ArraySegment<double>>(key).ToArray());
        Assert.Equal(new[,] { { 1, 2 }, { 3, 4 } }, store.Get<int[,]>(grid));
    }

    [Fact]
    public void Memory_and_segments_are_stored_as_the_elements_they_show_and_come_back_as_what_was_put()
    {
        using var store = new Store(UniqueNames.Store("arrays-containers"), new LocalConnector(), cacheSize: 0);
        double[] backing = [0, 1, 2, 3, 4, 5, 6];

        StoreKey memory = store.Put(new Memory<double>(backing, 1, 3));
        StoreKey readOnly = store.Put(new ReadOnlyMemory<double>(backing, 4, 2));
        StoreKey segment = store.Put(new ArraySegment<double>(backing, 2, 4));
        StoreKey empty = store.Put(default(ArraySegment<double>));

        Assert.Equal([1, 2, 3], store.Get<Memory<double>>(memory).ToArray());
        Assert.IsType<ReadOnlyMemory<double>>(store.Get<object>(readOnly));
        Assert.Equal([4, 5], store.Get<ReadOnlyMemory<double>>(readOnly).ToArray());
        ArraySegment<double> got = Assert.IsType<ArraySegment<double>>(store.Get<object>(segment));
        Assert.Equal([2, 3, 4, 5], got.ToArray());
        Assert.Equal(0, got.Offset);
        Assert.Equal(0, store.Get<ArraySegment<double>>(empty).Count);
        Assert.Equal([1, 2, 3], store.Get<double[]>(memory)!);
    }

    [Fact]
    public void A_get_of_another_element_type_or_rank_is_refused_naming_both_types()
    {
        using var store = new Store(UniqueNames.Store("arrays-cast"), new LocalConnector(), cacheSize: 0);
        StoreKey key = store.Put(new[] { 1.0, 2.0 });

        var asFloats = Assert.Throws<InvalidCastException>(() => store.Get<float[]>(key));
        Assert.Contains("System.Double[]", asFloats.Message);
        Assert.Contains("System.Single[]", asFloats.Message);
        Assert.Contains(key.ToString(), asFloats.Message);
        Assert.Throws<InvalidCastException>(() => store.Get<double[,]>(key));
        Assert.Throws<InvalidCastException>(() => store.Get<ReadOnlyMemory<float>>(key));
        Assert.Throws<InvalidCastException>(() => store.Get<string>(key));
    }

    [Fact]
    public void A_cached_array_is_copied_for_each_caller_but_read_only_memory_shares_it()
    {
        using var store = new Store(UniqueNames.Store("arrays-cached"), new LocalConnector());
        StoreKey key = store.Put(new[] { 1, 2, 3 });

        int[] first = store.Get<int[]>(key)!;
        first[0] = 99;
        Assert.True(store.IsCached(key));

        Assert.Equal([1, 2, 3], store.Get<int[]>(key)!);
        Assert.Equal([1, 2, 3], store.Get<ReadOnlyMemory<int>>(key).ToArray());
        Memory<int> writable = store.Get<Memory<int>>(key);
        writable.Span[1] = 99;
        Assert.Equal([1, 2, 3], store.Get<int[]>(key)!);
    }

    [Fact]
    public void A_proxy_of_an_array_resolves_to_its_elements()
    {
        using var store = new Store(UniqueNames.Store("arrays-proxy"), new LocalConnector(), register: true);
        double[] value = Filled(new double[5000]);

        IReadOnlyList<double> proxy = store.Proxy<IReadOnlyList<double>>(value);

        Assert.False(Proxies.IsResolved(proxy));
        Assert.Equal(value[4999], proxy[4999]);
        ArrayAssert.BitEqual(value, (double[])Proxies.Extract(proxy));
    }

    [Fact]
    public void The_default_serializer_alone_round_trips_arrays_too()
    {
        foreach (Array value in EveryElementType().Concat(EveryShape()))
        {
            byte[] bytes = DefaultSerializer.Instance.Serialize(value);
            ArrayAssert.BitEqual(value, (Array?)DefaultSerializer.Instance.Deserialize(bytes, typeof(object)));
        }
    }

    internal static T Filled<T>(T array)
        where T : class
    {
        var a = (Array)(object)array;
        var random = new Random(a.Length);
        Span<byte> bytes = System.Runtime.InteropServices.MemoryMarshal.CreateSpan(
            ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(a),
            a.Length * System.Runtime.CompilerServices.RuntimeHelpers.SizeOf(a.GetType().GetElementType()!.TypeHandle));
        random.NextBytes(bytes);
        return array;
    }
}

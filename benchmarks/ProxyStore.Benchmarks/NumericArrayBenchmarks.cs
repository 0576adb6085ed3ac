using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using ProxyStore;

/// <summary>Where the array is: stored alone, or as the data of an object (<see cref="Grid"/>).</summary>
public enum ArrayPlacement
{
    Alone,
    InObject,
    InObjectReadOnly,
}

/// <summary>An object holding an array, as numeric programs store them: a matrix with its shape.</summary>
public sealed record Grid(int Rows, int Cols, double[] Data);

/// <summary>The same matrix holding read-only memory: an in-memory get lends the stored bytes, as Python's get lends a read-only numpy array.</summary>
public sealed record GridView(int Rows, int Cols, ReadOnlyMemory<double> Data);

/// <summary>
/// Issue 26: float64 arrays of 8 and 64 MiB, alone and inside an object, put and get on Local,
/// File and SharedMemory, metrics on and no cache, as <c>benchmarks/python/numeric_arrays.py</c>
/// does the same with Python ProxyStore and numpy (whose in-memory get of an object lends a
/// read-only array, as <see cref="GridView"/>'s does here). A put is measured with the evict of
/// its key; <see cref="NumericArrayViewBenchmarks"/> is the
/// copy-free read of an array stored alone. <see cref="ArrayCopyFloorBenchmarks"/> is the floor: a copy of the same bytes.
/// </summary>
[MemoryDiagnoser]
public class NumericArrayBenchmarks
{
    private Store _store = null!;
    private object _value = null!;
    private StoreKey _stored = null!;

    /// <summary>The array's size in MiB; smoke mode uses 1.</summary>
    [ParamsSource(nameof(Sizes))]
    public int MiB { get; set; }

    [Params(ConnectorKind.Local, ConnectorKind.File, ConnectorKind.SharedMemory)]
    public ConnectorKind Connector { get; set; }

    [Params(ArrayPlacement.Alone, ArrayPlacement.InObject, ArrayPlacement.InObjectReadOnly)]
    public ArrayPlacement Placement { get; set; }

    public static IEnumerable<int> Sizes => BenchmarkMode.Smoke ? [1] : [8, 64];

    [GlobalSetup]
    public void Setup()
    {
        double[] data = ArrayOf(MiB);
        _value = Placement switch
        {
            ArrayPlacement.Alone => data,
            ArrayPlacement.InObject => new Grid(MiB * 128, 1024, data),
            _ => new GridView(MiB * 128, 1024, data),
        };
        _store = BenchmarkStores.Create(Connector, metrics: true, cacheSize: 0);
        _stored = _store.Put(_value);
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    /// <summary>
    /// A put and the evict of its key: the store keeps nothing between operations, and the evict
    /// (a dictionary removal, an unlink or a rename: microseconds) is measured with the put.
    /// </summary>
    [Benchmark]
    public void Put() => _store.Evict(_store.Put(_value));

    [Benchmark]
    public object? Get() => Placement switch
    {
        ArrayPlacement.Alone => _store.Get<double[]>(_stored),
        ArrayPlacement.InObject => _store.Get<Grid>(_stored),
        _ => _store.Get<GridView>(_stored),
    };

    internal static double[] ArrayOf(int mib)
    {
        var data = new double[mib * 131_072];
        new Random(26).NextBytes(MemoryMarshal.AsBytes(data.AsSpan()));
        return data;
    }
}

/// <summary>The reads of <see cref="NumericArrayBenchmarks"/>' arrays stored alone that make no array: a view of the medium's memory, and a get into the caller's array.</summary>
[MemoryDiagnoser]
public class NumericArrayViewBenchmarks
{
    private Store _store = null!;
    private StoreKey _stored = null!;
    private double[] _destination = null!;

    [ParamsSource(nameof(Sizes))]
    public int MiB { get; set; }

    [Params(ConnectorKind.Local, ConnectorKind.File, ConnectorKind.SharedMemory)]
    public ConnectorKind Connector { get; set; }

    public static IEnumerable<int> Sizes => NumericArrayBenchmarks.Sizes;

    [GlobalSetup]
    public void Setup()
    {
        _store = BenchmarkStores.Create(Connector, metrics: true, cacheSize: 0);
        double[] value = NumericArrayBenchmarks.ArrayOf(MiB);
        _stored = _store.Put(value);
        _destination = new double[value.Length];
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    /// <summary>A view, with two elements read through it.</summary>
    [Benchmark]
    public double View()
    {
        using ArrayView<double> view = _store.GetView<double>(_stored)!;
        return view[0] + view[view.Length - 1];
    }

    /// <summary>A get into an array of the caller's, reused from get to get (<c>GetInto</c>): one copy, checked, into warm memory.</summary>
    [Benchmark]
    public int GetInto() => _store.GetInto<double>(_stored, _destination)!.Value;
}

/// <summary>
/// The floor of <see cref="NumericArrayBenchmarks"/>: a copy of the same bytes in this process,
/// into a new array allocated as a get allocates it, and into an array reused warm (what numpy's
/// allocator hands back).
/// </summary>
[MemoryDiagnoser]
public class ArrayCopyFloorBenchmarks
{
    private double[] _source = null!;
    private double[] _warm = null!;

    [ParamsSource(nameof(Sizes))]
    public int MiB { get; set; }

    public static IEnumerable<int> Sizes => NumericArrayBenchmarks.Sizes;

    [GlobalSetup]
    public void Setup()
    {
        _source = NumericArrayBenchmarks.ArrayOf(MiB);
        _warm = new double[_source.Length];
    }

    [Benchmark]
    public double[] CopyIntoNewArray()
    {
        double[] copy = ProxyStore.Buffers.LargeArrays.Allocate<double>(_source.Length);
        _source.AsSpan().CopyTo(copy);
        return copy;
    }

    [Benchmark]
    public double[] CopyIntoWarmArray()
    {
        _source.AsSpan().CopyTo(_warm);
        return _warm;
    }
}

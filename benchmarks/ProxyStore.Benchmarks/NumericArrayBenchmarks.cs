using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using ProxyStore;

/// <summary>Where the array is: stored alone, or as the data of an object (<see cref="Grid"/>).</summary>
public enum ArrayPlacement
{
    Alone,
    InObject,
}

/// <summary>An object holding an array, as numeric programs store them: a matrix with its shape.</summary>
public sealed record Grid(int Rows, int Cols, double[] Data);

/// <summary>
/// Issue 26: float64 arrays of 8 and 64 MiB, alone and inside an object, put and get on Local,
/// File and SharedMemory, metrics on and no cache, as <c>benchmarks/python/numeric_arrays.py</c>
/// does the same with Python ProxyStore and numpy. A put is measured alone (its key is evicted
/// after each one, outside the measurement); a view is the copy-free read of an array stored
/// alone. <see cref="ArrayCopyFloorBenchmarks"/> is the floor: a copy of the same bytes.
/// </summary>
[MemoryDiagnoser]
public class NumericArrayBenchmarks
{
    private Store _store = null!;
    private object _value = null!;
    private StoreKey _stored = null!;
    private StoreKey? _put;

    /// <summary>The array's size in MiB; smoke mode uses 1.</summary>
    [ParamsSource(nameof(Sizes))]
    public int MiB { get; set; }

    [Params(ConnectorKind.Local, ConnectorKind.File, ConnectorKind.SharedMemory)]
    public ConnectorKind Connector { get; set; }

    [Params(ArrayPlacement.Alone, ArrayPlacement.InObject)]
    public ArrayPlacement Placement { get; set; }

    public static IEnumerable<int> Sizes => BenchmarkMode.Smoke ? [1] : [8, 64];

    [GlobalSetup]
    public void Setup()
    {
        double[] data = ArrayOf(MiB);
        _value = Placement == ArrayPlacement.Alone ? data : new Grid(MiB * 128, 1024, data);
        _store = BenchmarkStores.Create(Connector, metrics: true, cacheSize: 0);
        _stored = _store.Put(_value);
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    [IterationCleanup(Target = nameof(Put))]
    public void EvictPut()
    {
        if (_put is not null)
        {
            _store.Evict(_put);
            _put = null;
        }
    }

    [Benchmark]
    [InvocationCount(1)]
    public StoreKey Put() => _put = _store.Put(_value);

    [Benchmark]
    public object? Get() => Placement == ArrayPlacement.Alone ? _store.Get<double[]>(_stored) : _store.Get<Grid>(_stored);

    /// <summary>A view of the array (alone only), its elements summed in part so that it is read.</summary>
    [Benchmark]
    public double View()
    {
        if (Placement != ArrayPlacement.Alone)
        {
            return 0;
        }

        using ArrayView<double> view = _store.GetView<double>(_stored)!;
        return view[0] + view[view.Length - 1];
    }

    internal static double[] ArrayOf(int mib)
    {
        var data = new double[mib * 131_072];
        new Random(26).NextBytes(MemoryMarshal.AsBytes(data.AsSpan()));
        return data;
    }
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

    [ParamsSource(nameof(NumericArrayBenchmarks.Sizes))]
    public int MiB { get; set; }

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

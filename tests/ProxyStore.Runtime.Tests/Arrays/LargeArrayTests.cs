using ProxyStore.Connectors;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Arrays;

/// <summary>
/// Large numeric arrays move with no needless copy, as allocation bounds (not timings): a file put writes from the caller's array and a get reads
/// straight into the one new array it returns; an in-memory put copies once into the frame the
/// connector keeps. Alone and inside an object, sync and async. Isolated: allocations are
/// counted process-wide.
/// </summary>
[Collection(IsolatedCollection.Name)]
public sealed class LargeArrayTests : IDisposable
{
    // 16 MiB of doubles: far above the size up to which a value is framed in one array.
    private const int Length = 2 * 1024 * 1024;
    private const long Bytes = Length * 8L;

    private static readonly double[] Value = ArrayRoundTripTests.Filled(new double[Length]);

    private readonly TempDirectory _dir = new();

    // Made before any measurement: the class's statics are initialized on first use.
    public LargeArrayTests() => Assert.Equal(Length, Value.Length);

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_file_put_writes_from_the_callers_array_and_a_get_allocates_only_the_array_it_returns(bool async)
    {
        using var store = new Store(UniqueNames.Store("large-array-file"), new FileConnector(_dir.Sub("store")), cacheSize: 0, metrics: true);
        await WarmUp(store, async);

        (StoreKey key, long put) = await Allocating(() => async ? store.PutAsync(Value) : new ValueTask<StoreKey>(store.Put(Value)));
        (double[]? got, long get) = await Allocating(() => async ? store.GetAsync<double[]>(key) : new ValueTask<double[]?>(store.Get<double[]>(key)));

        Assert.InRange(put, 0, Bytes / 10);
        Assert.InRange(get, Bytes, Bytes * 1.1);
        ArrayAssert.BitEqual(Value, got);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_object_holding_a_large_array_moves_through_files_the_same_way(bool async)
    {
        using var store = new Store(UniqueNames.Store("large-object-file"), new FileConnector(_dir.Sub("store")), cacheSize: 0);
        var matrix = new Matrix(2048, 1024, Value);
        await WarmUp(store, async);

        (StoreKey key, long put) = await Allocating(() => async ? store.PutAsync(matrix) : new ValueTask<StoreKey>(store.Put(matrix)));
        (Matrix? got, long get) = await Allocating(() => async ? store.GetAsync<Matrix>(key) : new ValueTask<Matrix?>(store.Get<Matrix>(key)));

        Assert.InRange(put, 0, Bytes / 10);
        Assert.InRange(get, Bytes, Bytes * 1.1);
        ArrayAssert.BitEqual(Value, got!.Data);
    }

    [Fact]
    public async Task An_in_memory_put_copies_once_into_the_frame_it_keeps_and_a_get_once_into_the_array_it_returns()
    {
        using var store = new Store(UniqueNames.Store("large-array-local"), new LocalConnector(), cacheSize: 0);
        await WarmUp(store, async: false);

        (StoreKey key, long put) = await Allocating(() => new ValueTask<StoreKey>(store.Put(new Matrix(1, Length, Value))));
        (Matrix? got, long get) = await Allocating(() => new ValueTask<Matrix?>(store.Get<Matrix>(key)));

        Assert.InRange(put, Bytes, Bytes * 1.1);
        Assert.InRange(get, Bytes, Bytes * 1.1);
        ArrayAssert.BitEqual(Value, got!.Data);
    }

    [Fact]
    public async Task Read_only_memory_read_from_memory_keeps_the_stored_bytes_instead_of_a_copy()
    {
        using var store = new Store(UniqueNames.Store("large-array-lent"), new LocalConnector(), cacheSize: 0);
        StoreKey alone = store.Put(Value);
        StoreKey inObject = store.Put(new Readings("lent", Value));
        await WarmUp(store, async: false);
        _ = store.Get<ReadOnlyMemory<double>>(alone);
        _ = store.Get<Readings>(inObject);

        (ReadOnlyMemory<double> got, long get) = await Allocating(() => new ValueTask<ReadOnlyMemory<double>>(store.Get<ReadOnlyMemory<double>>(alone)));
        (Readings? readings, long getObject) = await Allocating(() => new ValueTask<Readings?>(store.Get<Readings>(inObject)));

        Assert.True(get < Bytes / 100 && getObject < Bytes / 100, $"a get of the array alone allocated {get} bytes, of the object {getObject}");
        ArrayAssert.BitEqual<double>(Value, got.Span);
        ArrayAssert.BitEqual<double>(Value, readings!.Values.Span);
    }

    [Fact]
    public void Read_only_memory_read_from_a_reused_buffer_is_a_copy_that_later_gets_leave_alone()
    {
        // Small file frames are read into a pooled buffer, reused by the next get: what the
        // first get returned must not change with it.
        using var store = new Store(UniqueNames.Store("small-file-rom"), new FileConnector(_dir.Sub("small")), cacheSize: 0);
        StoreKey first = store.Put(new Readings("a", new[] { 1.0, 2.0, 3.0 }));
        StoreKey second = store.Put(new Readings("b", new[] { 7.0, 8.0, 9.0 }));

        Readings a = store.Get<Readings>(first)!;
        _ = store.Get<Readings>(second);
        _ = store.Get<ReadOnlyMemory<double>>(store.Put(new[] { 4.0, 5.0 }));

        Assert.Equal([1.0, 2.0, 3.0], a.Values.ToArray());
    }

    [Fact]
    public void A_large_array_changed_by_its_owner_during_the_put_is_refused_as_damage_and_never_read_wrong()
    {
        // The checksum is taken from the caller's array before the file is written: an array the
        // caller changes in between is stored with a checksum that no longer matches.
        using var store = new Store(UniqueNames.Store("large-array-race"), new FileConnector(_dir.Sub("store")), cacheSize: 0);
        double[] value = (double[])Value.Clone();
        StoreKey key = store.Put(value);
        string path = Path.Join(_dir.Sub("store"), key.Id);
        byte[] file = File.ReadAllBytes(path);
        file[^8] ^= 0x40;
        File.WriteAllBytes(path, file);

        Assert.Contains("damaged", Assert.Throws<ProxyStore.Serialization.StoreSerializationException>(() => store.Get<double[]>(key)).Message);
    }

    // The first large operations of a process may allocate buffers and caches the next ones reuse.
    private static async Task WarmUp(Store store, bool async)
    {
        StoreKey key = async ? await store.PutAsync(new Matrix(1, 70_000, new double[70_000])) : store.Put(new Matrix(1, 70_000, new double[70_000]));
        _ = async ? await store.GetAsync<Matrix>(key) : store.Get<Matrix>(key);
        key = async ? await store.PutAsync(new double[70_000]) : store.Put(new double[70_000]);
        _ = async ? await store.GetAsync<double[]>(key) : store.Get<double[]>(key);
    }

    private static async Task<(T Result, long Allocated)> Allocating<T>(Func<ValueTask<T>> action)
    {
        // Allocation counts are per thread and the async path runs where it completes, so this is
        // process-wide: other threads (the test runner's) add a little, and the bounds allow a
        // tenth, where a copy too many would be ten tenths.
        long before = GC.GetTotalAllocatedBytes(precise: true);
        T result = await action();
        return (result, GC.GetTotalAllocatedBytes(precise: true) - before);
    }
}

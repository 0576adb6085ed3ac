using ProxyStore.Connectors;
using ProxyStore.Serialization;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Arrays;

/// <summary>
/// Views of arrays stored alone: the medium's own memory on Local, File and SharedMemory (no copy
/// of the array; a byte[]'s raw bytes too), an array read as a get reads it elsewhere; checked before they are lent, and
/// refused for what is not an array of the element type asked for.
/// </summary>
public sealed class ArrayViewTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public async Task A_view_holds_the_stored_elements_and_shape_on_every_connector(string connector)
    {
        using var store = new Store(UniqueNames.Store("view-" + connector), ConnectorCases.Create(connector, _dir), metrics: true);
        double[,] grid = ArrayRoundTripTests.Filled(new double[300, 200]);
        StoreKey key = store.Put(grid);

        using ArrayView<double> view = store.GetView<double>(key)!;
        using ArrayView<double> viewAsync = (await store.GetViewAsync<double>(key))!;

        Assert.Equal([300, 200], view.Shape);
        Assert.Equal(60_000, view.Length);
        Assert.Equal(grid[299, 199], view[(299 * 200) + 199]);
        ArrayAssert.BitEqual(viewAsync.ToArray(), view.ToArray());
        Assert.Equal(connector is "local" or "file" or "shared-memory", view.SharesMedium);
        Assert.Equal(2, store.Metrics!.GetMetrics(key)!.Times[MetricNames.Get].Count);
    }

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public void A_view_of_bytes_lends_the_stored_bytes_and_refuses_other_elements(string connector)
    {
        using var store = new Store(UniqueNames.Store("view-bytes-" + connector), ConnectorCases.Create(connector, _dir));
        byte[] value = new byte[300_001];
        new Random(11).NextBytes(value);
        StoreKey key = store.Put(value);

        using (ArrayView<byte> view = store.GetView<byte>(key)!)
        {
            Assert.Equal([value.Length], view.Shape);
            Assert.Equal(value, view.ToArray());
            Assert.Equal(connector is "local" or "file" or "shared-memory", view.SharesMedium);
        }

        var wrong = Assert.Throws<InvalidCastException>(() => store.GetView<short>(key));
        Assert.Contains("System.Byte[]", wrong.Message, StringComparison.Ordinal);
        Assert.Contains(key.ToString(), wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_in_memory_view_allocates_nothing_of_the_arrays_size()
    {
        using var store = new Store(UniqueNames.Store("view-alloc"), new LocalConnector(), cacheSize: 0);
        StoreKey key = store.Put(ArrayRoundTripTests.Filled(new float[4_000_000]));
        store.GetView<float>(key)!.Dispose();

        long before = GC.GetAllocatedBytesForCurrentThread();
        using ArrayView<float> view = store.GetView<float>(key)!;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(allocated, 0, 4096);
        Assert.Equal(4_000_000, view.Span.Length);
    }

    [Fact]
    public void A_disposed_view_refuses_to_be_read()
    {
        using var store = new Store(UniqueNames.Store("view-disposed"), new FileConnector(_dir.Sub("disposed")));
        ArrayView<int> view = store.GetView<int>(store.Put(new[] { 1, 2, 3 }))!;

        view.Dispose();
        view.Dispose();

        Assert.Throws<ObjectDisposedException>(() => view.Memory);
    }

    [Fact]
    public void A_view_of_a_missing_key_is_null()
    {
        using var store = new Store(UniqueNames.Store("view-missing"), new FileConnector(_dir.Sub("missing")));

        Assert.Null(store.GetView<double>(new StoreKey(StoreKey.NewId())));
    }

    [Fact]
    public void A_view_of_another_element_type_or_of_an_object_is_refused_naming_what_is_stored()
    {
        using var store = new Store(UniqueNames.Store("view-wrong"), new FileConnector(_dir.Sub("wrong")));
        StoreKey doubles = store.Put(new[] { 1.0 });
        StoreKey matrix = store.Put(new Matrix(1, 1, [1.0]));

        Assert.Contains("System.Double[]", Assert.Throws<InvalidCastException>(() => store.GetView<float>(doubles)).Message);
        Assert.Contains("not an array stored alone", Assert.Throws<InvalidCastException>(() => store.GetView<double>(matrix)).Message);
    }

    [Fact]
    public void A_damaged_array_is_refused_before_it_is_lent()
    {
        string directory = _dir.Sub("damaged");
        using var store = new Store(UniqueNames.Store("view-damaged"), new FileConnector(directory));
        StoreKey key = store.Put(ArrayRoundTripTests.Filled(new double[100_000]));
        string path = Path.Join(directory, key.Id);
        byte[] file = File.ReadAllBytes(path);
        file[^3] ^= 0x10;
        File.WriteAllBytes(path, file);

        Assert.Contains("damaged", Assert.Throws<StoreSerializationException>(() => store.GetView<double>(key)).Message);
    }
}

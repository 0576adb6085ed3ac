using ProxyStore.Connectors;
using ProxyStore.Tests.Arrays;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.SharedMemory;

/// <summary>
/// The shared-memory connector's own behaviour beyond the connector contract (which runs on it
/// with every other connector): segments reused after evictions but never under a reader,
/// ownership of clearing, configs, and policies of a MultiConnector.
/// </summary>
public sealed class SharedMemoryConnectorTests : IDisposable
{
    private readonly SharedMemoryRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void An_evicted_segment_is_written_into_by_the_next_put_of_about_its_size()
    {
        using SharedMemoryConnector connector = SharedMemoryConnector.Under(_root.Path, "reuse");
        StoreKey first = connector.Put(new byte[100_000]);
        connector.Evict(first);
        Assert.Single(_root.FilesOf("reuse"), f => f.StartsWith(".free-", StringComparison.Ordinal));

        StoreKey second = connector.Put(Enumerable.Repeat((byte)7, 120_000).ToArray());

        Assert.Equal([second.Id], _root.FilesOf("reuse"));
        Assert.Equal(Enumerable.Repeat((byte)7, 120_000), connector.Get(second));
        Assert.False(connector.Exists(first));
    }

    [Fact]
    public void A_segment_a_reader_has_open_is_never_reused_so_its_view_keeps_its_bytes()
    {
        using var store = new Store(UniqueNames.Store("shm-view"), SharedMemoryConnector.Under(_root.Path, "view"), cacheSize: 0);
        double[] original = ArrayRoundTripTests.Filled(new double[50_000]);
        StoreKey key = store.Put(original);

        using ArrayView<double> view = store.GetView<double>(key)!;
        store.Evict(key);
        StoreKey next = store.Put(ArrayRoundTripTests.Filled(new double[50_001]));

        ArrayAssert.BitEqual<double>(original, view.Span);
        Assert.True(view.SharesMedium);
        Assert.NotNull(store.Get<double[]>(next));
    }

    [Fact]
    public void Only_the_owner_clears_and_it_deletes_only_its_own_objects()
    {
        var owner = SharedMemoryConnector.Under(_root.Path, "owned");
        byte[] frame = StoredFrame.Wrap([1, 2, 3]);
        StoreKey key = owner.Put(frame);
        File.WriteAllText(Path.Join(owner.SegmentDirectory, "keep.txt"), "the user's");

        using (IConnector recreated = owner.GetConfig().CreateConnector())
        {
            Assert.Equal(frame, recreated.Get(key));
        }

        Assert.True(owner.Exists(key));
        owner.Close();

        Assert.Equal(["keep.txt"], _root.FilesOf("owned"));
    }

    [Fact]
    public void Closing_without_clear_keeps_the_objects_for_the_next_owner_of_the_name()
    {
        StoreKey key;
        using (var first = SharedMemoryConnector.Under(_root.Path, "kept", clear: false))
        {
            key = first.Put(new byte[] { 9 });
        }

        using var second = SharedMemoryConnector.Under(_root.Path, "kept");
        Assert.Equal(new byte[] { 9 }, second.Get(key));
    }

    [Fact]
    public void The_config_names_the_segments_and_recreates_a_connector_that_reads_them()
    {
        using var owner = new SharedMemoryConnector("named-" + Guid.NewGuid().ToString("N"));
        StoreKey key = owner.Put(new byte[] { 4, 5 });

        ConnectorConfig config = owner.GetConfig();

        Assert.Equal("shared-memory", config.Kind);
        Assert.Equal(owner.Name, config.Options.GetProperty("name").GetString());
        using IConnector recreated = config.CreateConnector();
        Assert.Equal(new byte[] { 4, 5 }, recreated.Get(key));
        Assert.Equal(owner.SegmentDirectory, ((SharedMemoryConnector)recreated).SegmentDirectory);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("")]
    public void A_name_that_is_not_plain_is_refused_naming_it(string name)
    {
        var refused = Assert.ThrowsAny<ArgumentException>(() => SharedMemoryConnector.Under(_root.Path, name));
        Assert.Contains("shared-memory name", refused.Message);
    }

    [Fact]
    public void A_multi_connector_keeps_small_objects_in_memory_and_large_ones_in_shared_memory()
    {
        var multi = new MultiConnector(
        [
            new RoutedConnector("small", new LocalConnector(), new Policy { MaxSizeBytes = 64 * 1024 }),
            new RoutedConnector("large", SharedMemoryConnector.Under(_root.Path, "multi"), new Policy { MinSizeBytes = 64 * 1024 }),
        ]);
        using var store = new Store(UniqueNames.Store("shm-multi"), multi, cacheSize: 0);
        double[] large = ArrayRoundTripTests.Filled(new double[100_000]);

        StoreKey small = store.Put(new[] { 1.0 });
        StoreKey big = store.Put(large);

        Assert.Equal("small", small.Connector);
        Assert.Equal("large", big.Connector);
        Assert.Equal([big.Id], _root.FilesOf("multi"));
        ArrayAssert.BitEqual(large, store.Get<double[]>(big));
    }

    [Fact]
    public async Task A_future_set_in_shared_memory_is_seen_by_its_waiter()
    {
        using var store = new Store(UniqueNames.Store("shm-future"), SharedMemoryConnector.Under(_root.Path, "future"), register: true);
        StoreFuture<double[]> future = store.Future<double[]>(new PollingOptions { Interval = TimeSpan.FromMilliseconds(5) });

        Task<double[]> waiting = future.ResultAsync().AsTask();
        future.SetResult([1, 2, 3]);

        double[] result = await waiting.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal([1.0, 2.0, 3.0], result);
    }
}

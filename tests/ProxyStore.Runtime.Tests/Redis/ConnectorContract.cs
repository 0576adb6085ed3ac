using System.Text.Json;
using ProxyStore.Connectors;

namespace ProxyStore.Tests.Redis;

/// <summary>
/// What every connector keeps, for the Redis and multi connectors: each derived class runs
/// these facts against its own connectors. Everything opened is closed after the test.
/// </summary>
public abstract class ConnectorContract : IDisposable
{
    private readonly List<IConnector> _opened = [];

    /// <summary>A new connector, with storage no other connector of this test sees.</summary>
    protected abstract IConnector CreateConnector();

    protected IConnector Open()
    {
        IConnector connector = CreateConnector();
        _opened.Add(connector);
        return connector;
    }

    protected T Track<T>(T connector)
        where T : IConnector
    {
        _opened.Add(connector);
        return connector;
    }

    public virtual void Dispose()
    {
        foreach (IConnector connector in _opened)
        {
            connector.Close();
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public void Put_get_exists_evict()
    {
        IConnector connector = Open();

        StoreKey key = connector.Put("value"u8.ToArray());

        Assert.Equal("value"u8.ToArray(), connector.Get(key));
        Assert.True(connector.Exists(key));
        connector.Evict(key);
        Assert.False(connector.Exists(key));
        Assert.Null(connector.Get(key));
    }

    [Fact]
    public void A_missing_key_gets_null_and_evicting_it_is_a_no_op()
    {
        IConnector connector = Open();
        StoreKey key = connector.Put(new byte[] { 7 });
        connector.Evict(key);

        connector.Evict(key);

        Assert.Null(connector.Get(key));
        Assert.False(connector.Exists(key));
    }

    [Fact]
    public void Batches_keep_their_order_and_give_null_for_missing_keys()
    {
        IConnector connector = Open();
        ReadOnlyMemory<byte>[] values = [new byte[] { 1 }, new byte[] { 2, 2 }, new byte[] { 3, 3, 3 }];

        IReadOnlyList<StoreKey> keys = connector.PutBatch(values);
        connector.Evict(keys[1]);

        Assert.Equal(3, keys.Distinct().Count());
        Assert.Equal(new byte[]?[] { [1], null, [3, 3, 3] }, connector.GetBatch(keys));
        Assert.Empty(connector.PutBatch([]));
        Assert.Empty(connector.GetBatch([]));
    }

    [Fact]
    public async Task Async_operations_match_the_sync_ones()
    {
        IConnector connector = Open();

        StoreKey key = await connector.PutAsync("async"u8.ToArray());
        Assert.Equal("async"u8.ToArray(), await connector.GetAsync(key));
        Assert.True(await connector.ExistsAsync(key));
        await connector.EvictAsync(key);
        Assert.False(await connector.ExistsAsync(key));
        Assert.Null(await connector.GetAsync(key));
        await connector.EvictAsync(key);

        IReadOnlyList<StoreKey> keys = await connector.PutBatchAsync([new byte[] { 1 }, new byte[] { 2 }]);
        Assert.Equal(new byte[][] { [1], [2] }, await connector.GetBatchAsync(keys));
        Assert.Equal(new byte[] { 2 }, connector.Get(keys[1]));
    }

    [Fact]
    public void Empty_and_one_megabyte_values_round_trip()
    {
        IConnector connector = Open();
        byte[] large = new byte[1 << 20];
        new Random(7).NextBytes(large);

        StoreKey empty = connector.Put(ReadOnlyMemory<byte>.Empty);
        StoreKey big = connector.Put(large);

        Assert.Equal(Array.Empty<byte>(), connector.Get(empty));
        Assert.True(connector.Exists(empty));
        Assert.Equal(large, connector.Get(big));
    }

    [Fact]
    public void Config_round_trips_through_json_and_recreates_a_connector_over_the_same_objects()
    {
        IConnector connector = Open();
        StoreKey key = connector.Put("shared"u8.ToArray());

        ConnectorConfig config = connector.GetConfig();
        ConnectorConfig fromJson = JsonSerializer.Deserialize<ConnectorConfig>(JsonSerializer.Serialize(config))!;
        IConnector recreated = Track(fromJson.CreateConnector());

        Assert.Equal(config, fromJson);
        Assert.IsType(connector.GetType(), recreated);
        Assert.Equal(config, recreated.GetConfig());
        Assert.Equal("shared"u8.ToArray(), recreated.Get(key));
        StoreKey back = recreated.Put("back"u8.ToArray());
        Assert.Equal("back"u8.ToArray(), connector.Get(back));
    }

    [Fact]
    public void Two_connectors_do_not_see_each_others_objects()
    {
        IConnector first = Open();
        IConnector second = Open();

        StoreKey a = first.Put(new byte[] { 1 });
        StoreKey b = second.Put(new byte[] { 2 });

        Assert.False(first.Exists(b));
        Assert.False(second.Exists(a));
        Assert.Null(first.Get(b));
    }

    [Fact]
    public void Closing_twice_is_harmless_and_a_closed_connector_refuses_work()
    {
        IConnector connector = Open();
        StoreKey key = connector.Put(new byte[] { 1 });

        connector.Close();
        connector.Close();
        connector.Dispose();

        Assert.Throws<ObjectDisposedException>(() => connector.Get(key));
        Assert.Throws<ObjectDisposedException>(() => connector.Put(new byte[] { 2 }));
    }

    [Fact]
    public void The_stored_object_does_not_change_with_the_callers_buffer()
    {
        IConnector connector = Open();
        byte[] buffer = [1, 2, 3];

        StoreKey key = connector.Put(buffer);
        buffer[0] = 99;
        connector.Get(key)![1] = 99;

        Assert.Equal(new byte[] { 1, 2, 3 }, connector.Get(key));
    }

    [Fact]
    public async Task Concurrent_puts_and_gets_from_many_threads_all_round_trip()
    {
        IConnector connector = Open();

        StoreKey[][] keys = await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
            Enumerable.Range(0, 25).Select(i => connector.Put(new[] { (byte)t, (byte)i })).ToArray())));

        for (int t = 0; t < keys.Length; t++)
        {
            for (int i = 0; i < keys[t].Length; i++)
            {
                Assert.Equal(new[] { (byte)t, (byte)i }, connector.Get(keys[t][i]));
            }
        }

        Assert.Equal(200, keys.SelectMany(k => k).Distinct().Count());
    }

    [Fact]
    public void Backs_a_store_with_metrics()
    {
        using var store = new Store("contract-" + Guid.NewGuid().ToString("N"), Open(), metrics: true);

        StoreKey key = store.Put(new List<int> { 1, 2, 3 });
        IReadOnlyList<StoreKey> batch = store.PutBatch(["a", "b"]);

        Assert.Equal(new List<int> { 1, 2, 3 }, store.Get<List<int>>(key));
        Assert.Equal(["a", "b"], batch.Select(k => store.Get<string>(k)));
        Assert.True(store.Exists(key));
        Assert.Equal(1, store.Metrics!.GetMetrics(key)!.Counters["store.get.cache_misses"]);
        store.Evict(key);
        Assert.False(store.Exists(key));
    }
}

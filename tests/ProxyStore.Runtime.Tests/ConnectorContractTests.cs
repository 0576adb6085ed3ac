using System.Text.Json;
using ProxyStore.Connectors;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests;

/// <summary>
/// The contract every connector keeps: a port of ProxyStore's tests/connectors/connector_test.py,
/// run against each of <see cref="ConnectorCases.All"/>.
/// </summary>
public sealed class ConnectorContractTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<IConnector> _opened = [];

    public void Dispose()
    {
        foreach (IConnector connector in _opened)
        {
            connector.Close();
        }

        _dir.Dispose();
    }

    private IConnector Open(string name)
    {
        IConnector connector = ConnectorCases.Create(name, _dir);
        _opened.Add(connector);
        return connector;
    }

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public void Describes_itself(string name)
    {
        IConnector connector = Open(name);

        string? text = connector.ToString();

        Assert.False(string.IsNullOrWhiteSpace(text));
        Assert.Contains(connector.GetType().Name, text);
    }

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public void Basic_operations(string name)
    {
        IConnector connector = Open(name);
        byte[] value = "test_value"u8.ToArray();

        StoreKey key = connector.Put(value);

        Assert.Equal(value, connector.Get(key));
        Assert.True(connector.Exists(key));
        connector.Evict(key);
        Assert.False(connector.Exists(key));
        Assert.Null(connector.Get(key));
        connector.Evict(key); // evicting a missing key is harmless
    }

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public void Batch_operations(string name)
    {
        IConnector connector = Open(name);
        byte[][] values = ["value1"u8.ToArray(), "value2"u8.ToArray(), "value3"u8.ToArray()];

        IReadOnlyList<StoreKey> keys = connector.PutBatch(values.Select(v => (ReadOnlyMemory<byte>)v).ToArray());

        Assert.Equal(values, connector.GetBatch(keys));
        Assert.All(keys, k => Assert.True(connector.Exists(k)));
        foreach (StoreKey key in keys)
        {
            connector.Evict(key);
        }

        Assert.All(keys, k => Assert.False(connector.Exists(k)));
        Assert.All(keys, k => Assert.Null(connector.Get(k)));
        Assert.All(connector.GetBatch(keys), Assert.Null);
    }

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public void Get_batch_gives_null_in_the_place_of_a_missing_key(string name)
    {
        IConnector connector = Open(name);
        StoreKey a = connector.Put(new byte[] { 1 });
        StoreKey missing = connector.Put(new byte[] { 2 });
        StoreKey c = connector.Put(new byte[] { 3 });
        connector.Evict(missing);

        IReadOnlyList<byte[]?> got = connector.GetBatch([a, missing, c]);

        Assert.Equal(new byte[]?[] { [1], null, [3] }, got);
    }

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public void Config_recreates_a_connector_of_the_same_type_over_the_same_objects(string name)
    {
        IConnector connector = Open(name);
        StoreKey key = connector.Put("shared"u8.ToArray());

        ConnectorConfig config = connector.GetConfig();
        ConnectorConfig? fromJson = JsonSerializer.Deserialize<ConnectorConfig>(JsonSerializer.Serialize(config));
        IConnector recreated = fromJson!.CreateConnector();
        _opened.Add(recreated);

        Assert.Equal(config, fromJson);
        Assert.IsType(connector.GetType(), recreated);
        Assert.Equal(config, recreated.GetConfig());
        Assert.Equal("shared"u8.ToArray(), recreated.Get(key));
        StoreKey back = recreated.Put("back"u8.ToArray());
        Assert.Equal("back"u8.ToArray(), connector.Get(back));
    }

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public void Several_connectors_can_be_open_at_once(string name)
    {
        IConnector first = Open(name);
        IConnector second = Open(name);

        StoreKey a = first.Put(new byte[] { 1 });
        StoreKey b = second.Put(new byte[] { 2 });

        Assert.Equal(new byte[] { 1 }, first.Get(a));
        Assert.Equal(new byte[] { 2 }, second.Get(b));
        Assert.False(first.Exists(b));
        Assert.False(second.Exists(a));
    }

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public async Task Async_operations(string name)
    {
        IConnector connector = Open(name);

        StoreKey key = await connector.PutAsync("async"u8.ToArray());
        Assert.Equal("async"u8.ToArray(), await connector.GetAsync(key));
        Assert.True(await connector.ExistsAsync(key));
        await connector.EvictAsync(key);
        Assert.False(await connector.ExistsAsync(key));
        Assert.Null(await connector.GetAsync(key));

        IReadOnlyList<StoreKey> keys = await connector.PutBatchAsync([new byte[] { 1 }, new byte[] { 2 }]);
        Assert.Equal(new byte[][] { [1], [2] }, await connector.GetBatchAsync(keys));
    }

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public void Empty_and_large_payloads_round_trip(string name)
    {
        IConnector connector = Open(name);
        byte[] large = new byte[1 << 20];
        new Random(42).NextBytes(large);

        StoreKey empty = connector.Put(ReadOnlyMemory<byte>.Empty);
        StoreKey big = connector.Put(large);

        Assert.Equal(Array.Empty<byte>(), connector.Get(empty));
        Assert.True(connector.Exists(empty));
        Assert.Equal(large, connector.Get(big));
    }

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public void Every_put_gets_a_new_key(string name)
    {
        IConnector connector = Open(name);

        StoreKey[] keys = Enumerable.Range(0, 200).Select(i => connector.Put(new[] { (byte)i })).ToArray();

        Assert.Equal(keys.Length, keys.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 200).Select(i => (byte)i), keys.Select(k => connector.Get(k)![0]));
    }

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public void The_stored_object_does_not_change_when_the_callers_buffer_does(string name)
    {
        IConnector connector = Open(name);
        byte[] buffer = [1, 2, 3];

        StoreKey key = connector.Put(buffer);
        buffer[0] = 99;

        Assert.Equal(new byte[] { 1, 2, 3 }, connector.Get(key));
    }

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public void The_stored_object_does_not_change_when_a_reader_changes_what_it_got(string name)
    {
        // Write-once, read-many: an object is never changed after it was put, whoever reads it.
        IConnector connector = Open(name);
        StoreKey key = connector.Put(new byte[] { 1, 2, 3 });

        byte[] first = connector.Get(key)!;
        first[0] = 99;

        Assert.Equal(new byte[] { 1, 2, 3 }, connector.Get(key));
    }

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public void Closing_twice_is_harmless_and_a_closed_connector_refuses_work(string name)
    {
        IConnector connector = Open(name);
        StoreKey key = connector.Put(new byte[] { 1 });

        connector.Close();
        connector.Close();
        connector.Dispose();

        Assert.Throws<ObjectDisposedException>(() => connector.Get(key));
        Assert.Throws<ObjectDisposedException>(() => connector.Put(new byte[] { 2 }));
    }

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public void Two_connectors_do_not_see_each_others_objects(string name)
    {
        IConnector first = Open(name);
        IConnector second = Open(name);

        StoreKey a = first.Put(new byte[] { 1 });
        StoreKey b = second.Put(new byte[] { 2 });

        Assert.False(first.Exists(b));
        Assert.False(second.Exists(a));
        Assert.Null(first.Get(b));
    }

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public async Task Concurrent_puts_and_gets_from_many_threads_all_round_trip(string name)
    {
        IConnector connector = Open(name);

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

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public void Backs_a_store(string name)
    {
        using var store = new Store(UniqueNames.Store("contract"), Open(name), metrics: true);

        StoreKey key = store.Put(new List<int> { 1, 2, 3 });

        Assert.Equal(new List<int> { 1, 2, 3 }, store.Get<List<int>>(key));
        Assert.True(store.Connector.Exists(key));
        Assert.Equal(1, store.Metrics!.GetMetrics(key)!.Counters["store.get.cache_misses"]);
    }
}

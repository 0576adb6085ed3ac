using ProxyStore.Connectors;
using ProxyStore.Serialization;
using ProxyStore.Tests.Redis;
using ProxyStore.Tests.Support;
using StackExchange.Redis;

namespace ProxyStore.Tests.Python;

/// <summary>
/// Stores over connectors in Python's format, on real files and a real Redis server: what is on
/// the medium is exactly Python ProxyStore's (no frame, bare keys, the <c>.ready</c> marker).
/// </summary>
public class PythonLayoutTests
{
    [Fact]
    public void A_file_store_writes_the_bare_value_then_its_ready_marker_and_reads_only_marked_objects()
    {
        using var dir = new TempDirectory();
        using var store = new Store(UniqueNames.Store("py-file"), new FileConnector(dir.Path) { ValueFormat = ValueFormat.Python });
        Assert.Equal(ValueFormat.Python, store.ValueFormat);
        Assert.IsType<PythonSerializer>(store.Serializer);

        StoreKey key = store.Put("hello");
        string path = Path.Combine(dir.Path, key.Id);
        Assert.Equal("US\nhello"u8.ToArray(), File.ReadAllBytes(path));
        Assert.Equal(0, new FileInfo(path + ".ready").Length);
        Assert.Equal("hello", store.Get<string>(key));

        // Python's FileConnector reads nothing until the marker exists, and neither does this one.
        var unmarked = new StoreKey(Guid.NewGuid().ToString());
        File.WriteAllBytes(Path.Combine(dir.Path, unmarked.Id), "BS\nxy"u8.ToArray());
        Assert.False(store.Exists(unmarked));
        Assert.Null(store.Get<byte[]>(unmarked));
        File.Create(Path.Combine(dir.Path, unmarked.Id + ".ready")).Dispose();
        Assert.True(store.Exists(unmarked));
        Assert.Equal("xy"u8.ToArray(), store.Get<byte[]>(unmarked));

        store.Evict(key);
        Assert.False(File.Exists(path));
        Assert.False(File.Exists(path + ".ready"));
    }

    [Fact]
    public void A_guarded_evict_and_a_clear_delete_only_python_values_and_their_markers()
    {
        using var dir = new TempDirectory();
        string root = dir.Sub("store");
        var connector = new FileConnector(root) { ValueFormat = ValueFormat.Python };
        var store = new Store(UniqueNames.Store("py-clear"), connector);
        StoreKey kept = store.Put(new double[] { 1, 2 });
        var foreign = new StoreKey("app-file");
        File.WriteAllText(Path.Combine(root, foreign.Id), "not a Python value");
        File.Create(Path.Combine(root, foreign.Id + ".ready")).Dispose();

        Assert.Throws<ForeignObjectException>(() => store.Evict(foreign));
        Assert.True(File.Exists(Path.Combine(root, foreign.Id)));

        store.Dispose();
        Assert.False(File.Exists(Path.Combine(root, kept.Id)));
        Assert.False(File.Exists(Path.Combine(root, kept.Id + ".ready")));
        Assert.True(File.Exists(Path.Combine(root, foreign.Id)));
    }

    [Fact]
    public void A_python_connector_refuses_bytes_python_cannot_read_and_the_formats_do_not_mix()
    {
        using var dir = new TempDirectory();
        var connector = new FileConnector(dir.Path) { ValueFormat = ValueFormat.Python };
        ArgumentException refused = Assert.Throws<ArgumentException>(() => connector.Put("PX\u0001 a frame"u8.ToArray()));
        Assert.Contains("Python tag", refused.Message);
        Assert.Empty(Directory.EnumerateFiles(dir.Path));

        ArgumentException wrongSerializer = Assert.Throws<ArgumentException>(() => new Store(UniqueNames.Store("py-default"), connector, serializer: DefaultSerializer.Instance));
        Assert.Contains("DefaultSerializer", wrongSerializer.Message);

        using var store = new Store(UniqueNames.Store("py-future"), new FileConnector(dir.Path) { ValueFormat = ValueFormat.Python });
        Assert.Throws<NotSupportedException>(() => store.Future<string>());
    }

    [Fact]
    public void The_format_travels_in_the_config_and_a_store_made_from_it_reads_the_values()
    {
        using var dir = new TempDirectory();
        using var store = new Store(UniqueNames.Store("py-config"), new FileConnector(dir.Path) { ValueFormat = ValueFormat.Python });
        StoreKey key = store.Put(new int[,] { { 1, 2 }, { 3, 4 } });
        StoreConfig config = store.ToConfig();
        Assert.Contains("\"valueformat\":\"python\"", config.Connector!.Options.GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant());
        Assert.Null(config.Serializer);

        using Store again = Store.FromConfig(config with { Name = UniqueNames.Store("py-config-again") });
        Assert.Equal(ValueFormat.Python, again.ValueFormat);
        Assert.Equal(new int[,] { { 1, 2 }, { 3, 4 } }, again.Get<int[,]>(key));

        // This library's own format writes its config as before.
        Assert.DoesNotContain("valueformat", new FileConnector(dir.Sub("plain")).GetConfig().Options.GetRawText().ToLowerInvariant());
    }

    [Fact]
    public async Task A_redis_store_writes_the_bare_value_under_the_bare_id()
    {
        var options = new RedisConnectorOptions { ValueFormat = ValueFormat.Python };
        await using var store = new Store(UniqueNames.Store("py-redis"), RedisConnector.Connect(RedisTestServer.Host, RedisTestServer.Port, options));
        IDatabase db = RedisTestServer.Raw();

        StoreKey key = await store.PutAsync(new byte[] { 1, 2, 3 });
        Assert.Equal("BS\n\u0001\u0002\u0003"u8.ToArray(), (byte[]?)await db.StringGetAsync(key.Id));
        Assert.Equal(new byte[] { 1, 2, 3 }, await store.GetAsync<byte[]>(key));

        // A value Python would write, under a key it would choose.
        string id = Guid.NewGuid().ToString();
        await db.StringSetAsync(id, "US\nfrom python"u8.ToArray());
        Assert.Equal("from python", store.Get<string>(new StoreKey(id)));

        // Guarded evicts delete Python values and leave anything else.
        string other = Guid.NewGuid().ToString();
        await db.StringSetAsync(other, "an application's own value");
        await Assert.ThrowsAsync<ForeignObjectException>(async () => await store.EvictAsync(new StoreKey(other)));
        Assert.True(await db.KeyExistsAsync(other));
        await store.EvictAsync(key);
        store.Evict(new StoreKey(id));
        Assert.False(await db.KeyExistsAsync(key.Id));
        Assert.False(await db.KeyExistsAsync(id));
        await db.KeyDeleteAsync(other);

        StoreConfig config = store.ToConfig();
        using Store again = Store.FromConfig(config with { Name = UniqueNames.Store("py-redis-again") });
        Assert.Equal(ValueFormat.Python, again.ValueFormat);
    }

    [Fact]
    public void A_redis_connector_in_python_format_takes_no_prefix_and_does_not_clear()
    {
        Assert.Throws<ArgumentException>(() => RedisConnector.Connect(RedisTestServer.Host, RedisTestServer.Port, new RedisConnectorOptions { ValueFormat = ValueFormat.Python, Clear = true }));
        Assert.Throws<ArgumentException>(() => RedisConnector.Connect(RedisTestServer.Host, RedisTestServer.Port, new RedisConnectorOptions { ValueFormat = ValueFormat.Python, KeyPrefix = "app:" }));
        RedisConnector connector = RedisConnector.Connect(RedisTestServer.Host, RedisTestServer.Port, new RedisConnectorOptions { ValueFormat = ValueFormat.Python });
        Assert.Throws<InvalidOperationException>(() => connector.Close(clear: true));
    }
}

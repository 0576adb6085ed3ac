using System.Text;
using ProxyStore.Connectors;
using ProxyStore.TestConsumer;
using ProxyStore.Tests.Redis;
using ProxyStore.Tests.Support;
using OwnershipApi = ProxyStore.Ownership;

namespace ProxyStore.Tests.Trust;

/// <summary>
/// Only a store's own objects are ever deleted: a forged owned reference that names an
/// application's file or Redis key cannot delete it (on Redis the check and the delete are one
/// script), a clear leaves what the store did not write, and resolving such a reference says
/// nothing of what the file holds or how large it is.
/// </summary>
public sealed class ForeignObjectTests : IDisposable
{
    private const string Secret = "the application's own data, not a frame";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_forged_owned_reference_cannot_delete_an_applications_file()
    {
        string app = _dir.Sub("app");
        Directory.CreateDirectory(app);
        string userFile = Path.Join(app, "settings");
        File.WriteAllText(userFile, Secret);
        using var store = new Store(UniqueNames.Store("foreign-files"), new FileConnector(_dir.Sub("store")), register: true);

        byte[] forged = ForgedReferences.Edit(GenuineOwnedReference(store), json =>
        {
            json["s"] = UniqueNames.Store("forged-files");
            json["k"] = "settings";
            ForgedReferences.Options(json)["storeDirectory"] = app;
        });
        Owned<IPayload> owned = OwnershipApi.IntoOwned(ProxyReference.Deserialize<IPayload>(forged));

        var refused = Assert.Throws<ForeignObjectException>(owned.Dispose);
        Assert.Equal("settings", refused.Key.Id);
        Assert.Contains(app, refused.Location, StringComparison.Ordinal);
        Assert.Equal(Secret, File.ReadAllText(userFile));
    }

    [Fact]
    public async Task A_forged_owned_reference_cannot_delete_an_applications_redis_key()
    {
        string prefix = RedisTestServer.UniquePrefix("foreign") + "session:";
        await RedisTestServer.Raw().StringSetAsync(prefix + "abc123", Secret);
        using var store = new Store(UniqueNames.Store("foreign-redis"), RedisTestServer.NewConnector(), register: true);

        byte[] forged = ForgedReferences.Edit(GenuineOwnedReference(store), json =>
        {
            json["s"] = UniqueNames.Store("forged-redis");
            json["k"] = "abc123";
            ForgedReferences.Options(json)["keyPrefix"] = prefix;
        });
        Owned<IPayload> owned = OwnershipApi.IntoOwned(ProxyReference.Deserialize<IPayload>(forged));

        var refused = await Assert.ThrowsAsync<ForeignObjectException>(async () => await owned.DisposeAsync());
        Assert.Equal("abc123", refused.Key.Id);
        Assert.Equal(Secret, (string?)await RedisTestServer.Raw().StringGetAsync(prefix + "abc123"));
    }

    [Fact]
    public async Task Redis_keys_of_other_types_and_values_that_only_look_like_frames_stay()
    {
        using RedisConnector connector = RedisTestServer.NewConnector();
        using var store = new Store(UniqueNames.Store("foreign-redis-kinds"), connector, cacheSize: 0);
        StoreKey genuine = store.Put("kept by the store");
        byte[] frame = store.Connector.Get(genuine)!;
        StoreKey hash = new("a_hash"), list = new("a_list"), cut = new("cut_short"), longer = new("extended");
        await RedisTestServer.Raw().HashSetAsync(connector.KeyPrefix + hash.Id, "field", "value");
        await RedisTestServer.Raw().ListRightPushAsync(connector.KeyPrefix + list.Id, "item");
        await RedisTestServer.Raw().StringSetAsync(connector.KeyPrefix + cut.Id, frame[..^1]);
        await RedisTestServer.Raw().StringSetAsync(connector.KeyPrefix + longer.Id, (byte[])[.. frame, 0]);

        foreach (StoreKey foreign in new[] { hash, list, cut, longer })
        {
            Assert.Throws<ForeignObjectException>(() => store.Evict(foreign));
            await Assert.ThrowsAsync<ForeignObjectException>(async () => await store.EvictAsync(foreign));
            Assert.True(await RedisTestServer.Raw().KeyExistsAsync(connector.KeyPrefix + foreign.Id), foreign.Id);
        }

        store.Evict(genuine);
        Assert.False(store.Exists(genuine));
        store.Evict(new StoreKey("never_set"));
    }

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public void Evict_refuses_bytes_the_store_did_not_write_on_every_connector(string name)
    {
        using var store = new Store(UniqueNames.Store("foreign-" + name), ConnectorCases.Create(name, _dir), cacheSize: 0);
        StoreKey foreign = store.Connector.Put(Encoding.UTF8.GetBytes(Secret));
        StoreKey empty = store.Connector.Put(ReadOnlyMemory<byte>.Empty);
        StoreKey genuine = store.Put(new[] { 1.0, 2.0 });

        var refused = Assert.Throws<ForeignObjectException>(() => store.Evict(foreign));
        Assert.Equal(foreign, refused.Key);
        Assert.Contains(store.Connector.ToString()!, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, refused.Message, StringComparison.Ordinal);
        Assert.Throws<ForeignObjectException>(() => store.Evict(empty));
        Assert.Equal(Encoding.UTF8.GetBytes(Secret), store.Connector.Get(foreign));

        store.Evict(genuine);
        Assert.False(store.Exists(genuine));

        // The connector's own evict is the raw delete of the bytes API.
        store.Connector.Evict(foreign);
        Assert.False(store.Connector.Exists(foreign));
    }

    [Fact]
    public void Clear_deletes_the_stores_files_but_leaves_the_users_and_the_directory_holding_them()
    {
        string directory = _dir.Sub("shared");
        var store = new Store(UniqueNames.Store("foreign-clear"), new FileConnector(directory, clear: true));
        StoreKey a = store.Put("a"), b = store.Put(new[] { 1, 2, 3 });
        File.WriteAllText(Path.Join(directory, "keep.txt"), Secret);
        File.WriteAllText(Path.Join(directory, "user_notes"), Secret);
        Directory.CreateDirectory(Path.Join(directory, "sub"));

        store.Dispose();

        Assert.False(File.Exists(Path.Join(directory, a.Id)));
        Assert.False(File.Exists(Path.Join(directory, b.Id)));
        Assert.Equal(Secret, File.ReadAllText(Path.Join(directory, "keep.txt")));
        Assert.Equal(Secret, File.ReadAllText(Path.Join(directory, "user_notes")));
        Assert.True(Directory.Exists(Path.Join(directory, "sub")));
    }

    [Fact]
    public void Clear_removes_the_directory_once_only_the_stores_objects_were_in_it()
    {
        string directory = _dir.Sub("own");
        var store = new Store(UniqueNames.Store("foreign-clear-own"), new FileConnector(directory, clear: true));
        store.Put("a");
        store.Put(new[] { 1.0 });

        store.Dispose();

        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public void Shared_memory_clear_leaves_what_the_store_did_not_write()
    {
        string root = _dir.Sub("shm");
        var connector = SharedMemoryConnector.Under(root, "foreign", clear: true);
        var store = new Store(UniqueNames.Store("foreign-shm"), connector);
        StoreKey genuine = store.Put("a");
        string segments = connector.SegmentDirectory;
        string userFile = Path.Join(segments, "user_segment");
        File.WriteAllText(userFile, Secret);

        store.Dispose();

        Assert.False(File.Exists(Path.Join(segments, genuine.Id)));
        Assert.Equal(Secret, File.ReadAllText(userFile));
    }

    [Fact]
    public async Task Redis_clear_deletes_the_stores_keys_and_leaves_the_applications()
    {
        string prefix = RedisTestServer.UniquePrefix("foreign-clear");
        var connector = new RedisConnector(RedisTestServer.Host, RedisTestServer.Port, new RedisConnectorOptions { KeyPrefix = prefix, Clear = true });
        var store = new Store(UniqueNames.Store("foreign-redis-clear"), connector);
        StoreKey[] genuine = [store.Put("a"), store.Put(new[] { 1.0, 2.0 }), .. store.PutBatch(new[] { "b", "c" })];
        await RedisTestServer.Raw().StringSetAsync(prefix + "session_abc", Secret);

        await store.DisposeAsync();

        Assert.Equal([prefix + "session_abc"], RedisTestServer.KeysUnder(prefix));
        Assert.Equal(Secret, (string?)await RedisTestServer.Raw().StringGetAsync(prefix + "session_abc"));
        Assert.All(genuine, key => Assert.False(RedisTestServer.Raw().KeyExists(prefix + key.Id)));
        await RedisTestServer.Raw().KeyDeleteAsync(prefix + "session_abc");
    }

    [Theory]
    [InlineData(5)]
    [InlineData(12_345)]
    public void Resolving_a_reference_to_a_file_outside_the_store_says_nothing_of_its_size_or_content(int size)
    {
        string app = _dir.Sub("outside");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Join(app, "private"), new string('s', size));
        using var store = new Store(UniqueNames.Store("foreign-read"), new FileConnector(_dir.Sub("store")), register: true);
        byte[] forged = ForgedReferences.Edit(GenuineReference(store), json =>
        {
            json["s"] = UniqueNames.Store("forged-read");
            json["k"] = "private";
            ForgedReferences.Options(json)["storeDirectory"] = app;
        });
        IPayload proxy = ProxyReference.Deserialize<IPayload>(forged);

        Exception e = Assert.ThrowsAny<Exception>(() => proxy.Label);

        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            // As a number of its own: ids and paths hold digits too.
            Assert.DoesNotMatch($"(?<![0-9A-Za-z]){size}(?![0-9A-Za-z])", current.Message);
            Assert.DoesNotContain("sssss"[..Math.Min(5, size)], current.Message, StringComparison.Ordinal);
        }

        Assert.Contains("private", e.Message, StringComparison.Ordinal);
    }

    private static byte[] GenuineOwnedReference(Store store)
    {
        Owned<IPayload> owned = store.OwnedProxy<IPayload>(new Payload("genuine", [1, 2, 3]));
        return ProxyReference.Serialize(owned.Value);
    }

    private static byte[] GenuineReference(Store store) => ProxyReference.Serialize(store.Proxy<IPayload>(new Payload("genuine", [1, 2, 3])));
}

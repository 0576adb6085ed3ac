using System.Text.Json;
using ProxyStore.Connectors;
using ProxyStore.Serialization;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests;

/// <summary>
/// Bad input gets a clear exception of the right type whose message names the key, store
/// or type involved, and a failed call leaves nothing behind.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<Store> _stores = [];

    public void Dispose()
    {
        foreach (Store store in _stores)
        {
            store.Dispose();
        }

        _dir.Dispose();
    }

    private string StoreDir => _dir.Sub("store");

    private Store FileStore(bool metrics = false)
    {
        var store = new Store(UniqueNames.Store("bad-input"), new FileConnector(StoreDir), metrics: metrics);
        _stores.Add(store);
        return store;
    }

    private static string FileOf(Store store, StoreKey key) => Path.Join(((FileConnector)store.Connector).StoreDirectory, key.Id);

    // ---- constructor arguments ----

    [Fact]
    public void A_null_store_name_is_rejected()
    {
        var e = Assert.Throws<ArgumentNullException>(() => new Store(null!, new LocalConnector()));
        Assert.Equal("name", e.ParamName);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\n")]
    public void An_empty_or_blank_store_name_is_rejected(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => new Store(name, new LocalConnector()));
        Assert.Equal("name", e.ParamName);
        Assert.Contains("'name'", e.Message);
    }

    [Fact]
    public void A_null_connector_is_rejected()
    {
        var e = Assert.Throws<ArgumentNullException>(() => new Store(UniqueNames.Store("x"), null!));
        Assert.Equal("connector", e.ParamName);
    }

    [Fact]
    public void A_negative_cache_size_is_rejected_naming_the_store()
    {
        string name = UniqueNames.Store("negative-cache");

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Store(name, new LocalConnector(), cacheSize: -1));

        Assert.Equal("cacheSize", e.ParamName);
        Assert.Equal(-1, e.ActualValue);
        Assert.Contains(name, e.Message);
        Assert.Null(StoreRegistry.Get(name));
    }

    [Fact]
    public void A_duplicate_registration_names_the_store()
    {
        string name = UniqueNames.Store("taken");
        using var first = new Store(name, new LocalConnector(), register: true);

        var e = Assert.Throws<StoreExistsException>(() => StoreRegistry.Register(new Store(name, new LocalConnector())));

        Assert.Equal(name, e.StoreName);
        Assert.Contains(name, e.Message);
        Assert.Same(first, StoreRegistry.Get(name));
    }

    // ---- reading an object as the wrong type ----

    [Fact]
    public void Getting_a_stored_string_as_an_int_names_key_and_store()
    {
        Store store = FileStore();
        StoreKey key = store.Put("not a number");

        var e = Assert.Throws<InvalidCastException>(() => store.Get<int>(key));

        Assert.Contains(key.ToString(), e.Message);
        Assert.Contains(store.Name, e.Message);
        Assert.Contains("System.Int32", e.Message);
        Assert.False(store.IsCached(key));
    }

    [Fact]
    public void Getting_a_cached_string_as_an_int_names_key_and_store()
    {
        Store store = FileStore();
        StoreKey key = store.Put("not a number");
        Assert.Equal("not a number", store.Get<string>(key));
        Assert.True(store.IsCached(key));

        var e = Assert.Throws<InvalidCastException>(() => store.Get<int>(key));

        Assert.Contains(key.ToString(), e.Message);
        Assert.Contains(store.Name, e.Message);
        Assert.Contains("System.Int32", e.Message);
        Assert.Equal("not a number", store.Get<string>(key));
    }

    // ---- corrupted files ----

    public static TheoryData<string> Corruptions => new() { "garbage", "truncated", "empty", "unknown-type" };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void A_corrupted_file_is_reported_with_key_and_store(string corruption)
    {
        Store store = FileStore();
        StoreKey key = store.Put(new List<int> { 0, 1, 2, 3, 4, 5 });
        string file = FileOf(store, key);
        byte[] original = File.ReadAllBytes(file);
        byte[] corrupted = corruption switch
        {
            "garbage" => [0xFF, 0x00, 0x13, 0x37, 0x42],
            "truncated" => original[..^3],
            "empty" => [],
            // Whole and correctly framed, but naming a type this application does not have.
            "unknown-type" => StoredFrame.Wrap([3, 23, .. "No.Such.Type, NoSuchAsm"u8.ToArray(), .. "[1]"u8.ToArray()]),
            _ => throw new ArgumentOutOfRangeException(nameof(corruption)),
        };
        File.WriteAllBytes(file, corrupted);

        var e = Assert.Throws<StoreSerializationException>(() => store.Get<List<int>>(key));

        Assert.Contains(key.ToString(), e.Message);
        Assert.Contains(store.Name, e.Message);
        Assert.False(store.IsCached(key));
    }

    // ---- configs ----

    [Fact]
    public void An_unknown_connector_kind_in_a_config_is_named()
    {
        var config = new StoreConfig
        {
            Name = UniqueNames.Store("unknown-kind"),
            Connector = new ConnectorConfig("no-such-connector-kind", JsonSerializer.SerializeToElement(new { })),
        };

        var e = Assert.Throws<ArgumentException>(() => Store.FromConfig(config));

        Assert.Contains("no-such-connector-kind", e.Message);
        Assert.Null(StoreRegistry.Get(config.Name));
    }

    [Theory]
    [InlineData("No.Such.Serializer, NoSuchAssembly")]
    [InlineData("System.String, System.Private.CoreLib")]
    public void A_config_naming_something_that_is_not_a_serializer_is_rejected(string serializer)
    {
        var config = new StoreConfig
        {
            Name = UniqueNames.Store("bad-serializer"),
            Connector = new LocalConnector().GetConfig(),
            Serializer = serializer,
        };

        var e = Assert.Throws<ArgumentException>(() => Store.FromConfig(config));

        Assert.Contains(serializer, e.Message);
    }

    // ---- FileConnector keys ----

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("/")]
    [InlineData("\\")]
    [InlineData("../victim.txt")]
    [InlineData("..\\victim.txt")]
    [InlineData("sub/file")]
    [InlineData("{victim}")]
    public void A_file_key_that_is_not_a_plain_name_is_rejected_and_touches_nothing(string id)
    {
        string victim = _dir.Sub("victim.txt");
        File.WriteAllText(victim, "precious");
        id = id.Replace("{victim}", victim, StringComparison.Ordinal);
        Store store = FileStore();
        var key = new StoreKey(id);
        string[] before = Directory.GetFileSystemEntries(_dir.Path, "*", SearchOption.AllDirectories).Order().ToArray();

        AssertRejected(() => store.Connector.Get(key));
        AssertRejected(() => store.Connector.Exists(key));
        AssertRejected(() => store.Connector.Evict(key));
        AssertRejected(() => store.Get<string>(key));
        AssertRejected(() => store.Exists(key));
        AssertRejected(() => store.Evict(key));

        Assert.Equal("precious", File.ReadAllText(victim));
        Assert.Equal(before, Directory.GetFileSystemEntries(_dir.Path, "*", SearchOption.AllDirectories).Order().ToArray());

        void AssertRejected(Action action)
        {
            var e = Assert.Throws<ArgumentException>(action);
            Assert.Contains(id, e.Message);
        }
    }

    [Fact]
    public void A_file_key_naming_an_inner_connector_is_rejected()
    {
        Store store = FileStore();
        StoreKey key = store.Put("v");

        var e = Assert.Throws<ArgumentException>(() => store.Connector.Get(new StoreKey(key.Id, "redis")));

        Assert.Contains($"redis/{key.Id}", e.Message);
    }

    [Fact]
    public void A_key_needs_an_id()
    {
        Assert.Equal("id", Assert.Throws<ArgumentException>(() => new StoreKey("")).ParamName);
        Assert.Equal("id", Assert.Throws<ArgumentException>(() => new StoreKey(null!)).ParamName);
    }

    [Fact]
    public void A_file_connector_needs_a_directory()
    {
        Assert.Equal("storeDirectory", Assert.Throws<ArgumentException>(() => new FileConnector("")).ParamName);
        Assert.Equal("storeDirectory", Assert.Throws<ArgumentNullException>(() => new FileConnector(null!)).ParamName);
    }

    // ---- objects that cannot be serialized ----

    public static TheoryData<string> Unserializables => new() { "throwing-property", "cycle", "unsupported-member" };

    private static object MakeUnserializable(string kind)
    {
        switch (kind)
        {
            case "throwing-property":
                return new ThrowingProperty();
            case "cycle":
                var node = new Node { Name = "a" };
                node.Next = node;
                return node;
            case "unsupported-member":
                return new HoldsAType { Type = typeof(string) };
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    [Theory]
    [MemberData(nameof(Unserializables))]
    public void An_object_that_cannot_be_serialized_is_named_and_nothing_is_stored(string kind)
    {
        Store store = FileStore(metrics: true);
        object bad = MakeUnserializable(kind);

        var e = Assert.Throws<StoreSerializationException>(() => store.Put(bad));

        Assert.Contains(bad.GetType().FullName!, e.Message);
        Assert.Contains(store.Name, e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(StoreDir));
        Assert.Empty(store.Metrics!.AggregateTimes());
    }

    [Theory]
    [MemberData(nameof(Unserializables))]
    public async Task An_object_that_cannot_be_serialized_async_is_named_and_nothing_is_stored(string kind)
    {
        Store store = FileStore(metrics: true);
        object bad = MakeUnserializable(kind);

        var e = await Assert.ThrowsAsync<StoreSerializationException>(async () => await store.PutAsync(bad));

        Assert.Contains(bad.GetType().FullName!, e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(StoreDir));
        Assert.Empty(store.Metrics!.AggregateTimes());
    }

    [Fact]
    public async Task A_cancelled_file_put_leaves_no_file_behind()
    {
        Store store = FileStore();
        store.Put("warm-up");
        string[] before = Directory.GetFileSystemEntries(StoreDir);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.Connector.PutAsync(new byte[4096], cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.PutAsync(new byte[4096], cancellationToken: cancelled.Token));

        Assert.Equal(before, Directory.GetFileSystemEntries(StoreDir));
    }

    [Fact]
    public void An_object_that_could_never_be_read_back_is_refused_at_put()
    {
        // A put that succeeds must be readable: this type serializes as JSON but can never be
        // created from it. (A LINQ result, which cannot be created either, is stored as the
        // List of its elements; see RoundTripTests.)
        Store store = FileStore(metrics: true);
        object unreadable = new TwoConstructors(1, "a");

        var e = Assert.Throws<StoreSerializationException>(() => store.Put(unreadable));

        Assert.Contains(unreadable.GetType().FullName!, e.Message);
        Assert.Contains(store.Name, e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(StoreDir));
    }

    [Fact]
    public void A_refusal_of_the_serializer_is_said_once_not_repeated_in_an_inner_exception()
    {
        Store store = FileStore();

        var put = Assert.Throws<StoreSerializationException>(() => store.Put(new TwoConstructors(1, "a")));
        StoreKey key = store.Put(new List<int> { 1 });
        File.WriteAllBytes(Path.Join(StoreDir, key.Id), StoredFrame.Wrap([3, 23, .. "No.Such.Type, NoSuchAsm"u8.ToArray(), .. "[1]"u8.ToArray()]));
        var get = Assert.Throws<StoreSerializationException>(() => store.Get<List<int>>(key));

        // The serializer's own refusal is quoted in the store's message; its exception is not kept inside as well.
        Assert.Contains(typeof(TwoConstructors).FullName!, put.Message, StringComparison.Ordinal);
        Assert.IsNotType<StoreSerializationException>(put.InnerException);
        Assert.Contains("No.Such.Type", get.Message, StringComparison.Ordinal);
        Assert.IsNotType<StoreSerializationException>(get.InnerException);
    }

    [Fact]
    public async Task A_batch_with_one_bad_object_leaves_nothing_behind()
    {
        Store store = FileStore(metrics: true);
        object[] batch = ["fine", new List<int> { 1 }, MakeUnserializable("cycle"), "also fine"];

        var e = Assert.Throws<StoreSerializationException>(() => store.PutBatch(batch));
        await Assert.ThrowsAsync<StoreSerializationException>(async () => await store.PutBatchAsync(batch));

        Assert.Contains(typeof(Node).FullName!, e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(StoreDir));
        Assert.Empty(store.Metrics!.AggregateTimes());
    }

    // ---- disposed stores and connectors ----

    [Theory]
    [InlineData("Put")]
    [InlineData("Get")]
    [InlineData("TryGet")]
    [InlineData("Exists")]
    [InlineData("Evict")]
    [InlineData("PutBatch")]
    [InlineData("PutAsync")]
    [InlineData("GetAsync")]
    [InlineData("TryGetAsync")]
    [InlineData("ExistsAsync")]
    [InlineData("EvictAsync")]
    [InlineData("PutBatchAsync")]
    public async Task Operations_on_a_disposed_store_name_the_store(string operation)
    {
        Store store = FileStore();
        StoreKey key = store.Put("v");
        store.Dispose();

        Func<Task> call = operation switch
        {
            "Put" => () => Task.FromResult(store.Put("x")),
            "Get" => () => Task.FromResult(store.Get<string>(key)),
            "TryGet" => () => Task.FromResult(store.TryGet(key, out string? _)),
            "Exists" => () => Task.FromResult(store.Exists(key)),
            "Evict" => () =>
            {
                store.Evict(key);
                return Task.CompletedTask;
            },
            "PutBatch" => () => Task.FromResult(store.PutBatch(["x"])),
            "PutAsync" => async () => await store.PutAsync("x"),
            "GetAsync" => async () => await store.GetAsync<string>(key),
            "TryGetAsync" => async () => await store.TryGetAsync<string>(key),
            "ExistsAsync" => async () => await store.ExistsAsync(key),
            "EvictAsync" => async () => await store.EvictAsync(key),
            "PutBatchAsync" => async () => await store.PutBatchAsync(["x"]),
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };

        var e = await Assert.ThrowsAsync<ObjectDisposedException>(call);

        Assert.Contains(store.Name, e.Message);
    }

    [Fact]
    public async Task Disposing_a_store_twice_is_fine()
    {
        string name = UniqueNames.Store("dispose-twice");
        var store = new Store(name, new FileConnector(StoreDir), register: true);
        store.Put("v");

        store.Dispose();
        store.Dispose();
        await store.DisposeAsync();

        Assert.Null(StoreRegistry.Get(name));
        Assert.False(Directory.Exists(StoreDir));
    }

    [Fact]
    public void Closing_a_file_connector_twice_is_fine()
    {
        var connector = new FileConnector(StoreDir);
        connector.Put(StoredFrame.Wrap([1]));

        connector.Close();
        connector.Close();
        ((IDisposable)connector).Dispose();

        Assert.False(Directory.Exists(StoreDir));
        Assert.Throws<ObjectDisposedException>(() => connector.Put(new byte[] { 1 }));
    }

    [Fact]
    public void Two_file_connectors_on_one_directory_can_both_close()
    {
        var first = new FileConnector(StoreDir);
        var second = new FileConnector(StoreDir);
        byte[] frame = StoredFrame.Wrap([7]);
        StoreKey key = first.Put(frame);
        Assert.Equal(frame, second.Get(key));

        first.Close();
        second.Close();

        Assert.False(Directory.Exists(StoreDir));
    }

    [Fact]
    public void A_file_connector_that_does_not_clear_keeps_its_files()
    {
        var keeper = new FileConnector(StoreDir, clear: false);
        StoreKey key = keeper.Put(new byte[] { 7 });

        keeper.Close();

        Assert.True(File.Exists(Path.Join(StoreDir, key.Id)));
    }

    // ---- helper types ----

    public sealed class ThrowingProperty
    {
        public string Fine => "fine";

        public string Broken => throw new InvalidOperationException("this property cannot be read");
    }

    public sealed class Node
    {
        public string Name { get; set; } = "";

        public Node? Next { get; set; }
    }

    public sealed class TwoConstructors
    {
        public TwoConstructors(int number)
            : this(number, "")
        {
        }

        public TwoConstructors(int number, string text)
        {
            Number = number;
            Text = text;
        }

        public int Number { get; }

        public string Text { get; }
    }

    public sealed class HoldsAType
    {
        public Type? Type { get; set; }
    }
}

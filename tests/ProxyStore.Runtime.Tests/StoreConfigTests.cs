using System.Text.Json;
using ProxyStore.Connectors;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests;

/// <summary>
/// StoreConfig and ConnectorConfig: a port of ProxyStore's tests/store/config_test.py
/// (TOML files become JSON files), plus System.Text.Json round trips and recreation.
/// </summary>
public sealed class StoreConfigTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<IDisposable> _owned = [];

    public void Dispose()
    {
        foreach (IDisposable owned in _owned)
        {
            owned.Dispose();
        }

        _dir.Dispose();
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    private static JsonElement Options(object options) => JsonSerializer.SerializeToElement(options);

    public static TheoryData<string> JsonStyles => new() { "default", "web" };

    private static JsonSerializerOptions JsonOptionsFor(string style) =>
        style == "web" ? new JsonSerializerOptions(JsonSerializerDefaults.Web) : JsonSerializerOptions.Default;

    // ---- ConnectorConfig (the Python ConnectorConfig tests) ----

    [Theory]
    [InlineData("local")]
    [InlineData("LOCAL")]
    [InlineData("Local")]
    public void The_connector_kind_is_case_insensitive(string kind)
    {
        var config = new ConnectorConfig(kind, Options(new { storageId = "abc" }));

        IConnector connector = Own(config.CreateConnector());

        Assert.Equal("abc", Assert.IsType<LocalConnector>(connector).StorageId);
    }

    [Fact]
    public void A_local_connector_config_creates_a_local_connector()
    {
        IConnector connector = Own(new LocalConnector().GetConfig().CreateConnector());

        Assert.IsType<LocalConnector>(connector);
    }

    [Fact]
    public void A_file_connector_config_creates_a_file_connector_on_its_directory()
    {
        string dir = _dir.Sub("from-config");
        Directory.CreateDirectory(dir);
        var config = new ConnectorConfig("file", Options(new { storeDirectory = dir, clear = false }));

        var connector = Assert.IsType<FileConnector>(Own(config.CreateConnector()));

        Assert.Equal(dir, connector.StoreDirectory);
        Assert.False(connector.Clear);
        Assert.False(connector.Durable);
        Assert.Equal(new byte[] { 4, 2 }, connector.Get(connector.Put(new byte[] { 4, 2 })));
    }

    [Fact]
    public void A_file_connector_config_never_creates_its_directory()
    {
        // The directory belongs to the connector constructed on it; a config only reaches it.
        string dir = _dir.Sub("never-created");
        var config = new ConnectorConfig("file", Options(new { storeDirectory = dir, clear = false }));

        Assert.IsType<FileConnector>(Own(config.CreateConnector()));

        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void An_unknown_kind_is_named()
    {
        var config = new ConnectorConfig("fake", Options(new { }));

        var e = Assert.Throws<ArgumentException>(() => config.CreateConnector());

        Assert.Contains("'fake'", e.Message);
        Assert.Contains("local", e.Message);
        Assert.Contains("file", e.Message);
    }

    [Fact]
    public void Options_missing_what_the_connector_needs_are_named()
    {
        var local = new ConnectorConfig("local", Options(new { wrongArg = true }));
        var file = new ConnectorConfig("file", Options(new { wrongArg = true }));

        Assert.Contains("storageId", Assert.ThrowsAny<ArgumentException>(() => local.CreateConnector()).Message);
        Assert.Contains("storeDirectory", Assert.ThrowsAny<ArgumentException>(() => file.CreateConnector()).Message);
    }

    [Fact]
    public void Options_of_the_wrong_shape_are_rejected()
    {
        var config = new ConnectorConfig("file", Options(new { storeDirectory = 42 }));

        var e = Assert.Throws<ArgumentException>(() => config.CreateConnector());

        Assert.Contains("'file'", e.Message);
        Assert.IsType<JsonException>(e.InnerException);
    }

    [Fact]
    public void A_custom_connector_kind_can_be_registered()
    {
        string kind = "custom-" + Guid.NewGuid().ToString("N");
        Func<JsonElement, IConnector> factory = _ => new LocalConnector();

        ConnectorConfig.RegisterKind(kind, factory);
        ConnectorConfig.RegisterKind(kind, factory); // the same factory again is fine

        Assert.IsType<LocalConnector>(Own(new ConnectorConfig(kind.ToUpperInvariant(), Options(new { })).CreateConnector()));
        var e = Assert.Throws<InvalidOperationException>(() => ConnectorConfig.RegisterKind(kind, _ => new LocalConnector()));
        Assert.Contains(kind, e.Message);
    }

    [Fact]
    public async Task A_custom_kind_with_an_asynchronous_factory_is_created_with_it_by_CreateConnectorAsync()
    {
        string kind = "custom-async-" + Guid.NewGuid().ToString("N");
        int asyncCreations = 0;
        Func<JsonElement, IConnector> factory = _ => new LocalConnector();
        Func<JsonElement, CancellationToken, ValueTask<IConnector>> asyncFactory = async (_, cancellationToken) =>
        {
            await Task.Yield();
            Interlocked.Increment(ref asyncCreations);
            return new LocalConnector();
        };

        ConnectorConfig.RegisterKind(kind, factory, asyncFactory);
        var config = new ConnectorConfig(kind, Options(new { }));

        Assert.IsType<LocalConnector>(Own(await config.CreateConnectorAsync()));
        Assert.Equal(1, asyncCreations);
        Assert.IsType<LocalConnector>(Own(config.CreateConnector()));
        Assert.Equal(1, asyncCreations);
        var e = Assert.Throws<InvalidOperationException>(() => ConnectorConfig.RegisterKind(kind, factory, (_, _) => ValueTask.FromResult<IConnector>(new LocalConnector())));
        Assert.Contains(kind, e.Message);
    }

    [Fact]
    public async Task CreateConnectorAsync_of_a_kind_without_an_asynchronous_factory_creates_it_synchronously()
    {
        using var temp = new TempDirectory();
        using var file = new FileConnector(temp.Sub("objects"));

        IConnector copy = Own(await file.GetConfig().CreateConnectorAsync());

        Assert.IsType<FileConnector>(copy);
    }

    // ---- StoreConfig ----

    [Fact]
    public void A_store_describes_itself_in_its_config()
    {
        using var store = new Store(UniqueNames.Store("described"), new LocalConnector(), cacheSize: 3, metrics: true, populateTarget: true);

        StoreConfig config = store.ToConfig();

        Assert.Equal(store.Name, config.Name);
        Assert.Equal(store.Connector.GetConfig(), config.Connector);
        Assert.Null(config.Serializer);
        Assert.Equal(3, config.CacheSize);
        Assert.True(config.Metrics);
        Assert.True(config.PopulateTarget);
        Assert.False(config.Register);
    }

    [Fact]
    public void To_and_from_config()
    {
        using var original = new Store(UniqueNames.Store("test-to-from-config"), new LocalConnector());

        using Store recreated = Store.FromConfig(original.ToConfig());

        Assert.Equal(original.Name, recreated.Name);
        Assert.NotSame(original, recreated);
        Assert.Equal(original.ToConfig(), recreated.ToConfig());
    }

    [Theory]
    [MemberData(nameof(JsonStyles))]
    public void A_store_config_round_trips_through_system_text_json(string style)
    {
        JsonSerializerOptions json = JsonOptionsFor(style);
        foreach (string connector in ConnectorCases.Names)
        {
            using var store = new Store(
                UniqueNames.Store("round-trip"), ConnectorCases.Create(connector, _dir), new XorSerializer(), cacheSize: 5, metrics: true, populateTarget: true);
            StoreConfig config = store.ToConfig();

            StoreConfig? back = JsonSerializer.Deserialize<StoreConfig>(JsonSerializer.Serialize(config, json), json);

            Assert.Equal(config, back);
            Assert.Equal(config.GetHashCode(), back!.GetHashCode());
            using Store recreated = Store.FromConfig(back);
            Assert.Equal(store.Name, recreated.Name);
            Assert.IsType(store.Connector.GetType(), recreated.Connector);
            Assert.IsType<XorSerializer>(recreated.Serializer);
            Assert.Equal(5, recreated.CacheSize);
            Assert.NotNull(recreated.Metrics);
            Assert.True(recreated.PopulateTarget);
            Assert.Equal(config, recreated.ToConfig());
        }
    }

    [Fact]
    public void A_local_store_recreated_from_config_sees_the_same_objects()
    {
        using var original = new Store(UniqueNames.Store("local-shared"), new LocalConnector());
        StoreKey key = original.Put(new List<string> { "a", "b" });
        string json = JsonSerializer.Serialize(original.ToConfig());

        using Store recreated = Store.FromConfig(JsonSerializer.Deserialize<StoreConfig>(json)!);

        Assert.Equal(new List<string> { "a", "b" }, recreated.Get<List<string>>(key));
        StoreKey back = recreated.Put("from the copy");
        Assert.Equal("from the copy", original.Get<string>(back));
        recreated.Evict(key);
        Assert.False(original.Exists(key));
    }

    [Fact]
    public void A_file_store_recreated_from_config_sees_the_same_objects()
    {
        using var original = new Store(UniqueNames.Store("file-shared"), new FileConnector(_dir.Sub("shared")));
        StoreKey key = original.Put("on disk");

        using Store recreated = Store.FromConfig(original.ToConfig());

        Assert.Equal("on disk", recreated.Get<string>(key));
    }

    [Fact]
    public void A_custom_serializer_is_recreated_from_config()
    {
        using var original = new Store(UniqueNames.Store("custom-serializer"), new LocalConnector(), new XorSerializer());
        StoreKey key = original.Put("secret");

        StoreConfig config = original.ToConfig();
        using Store recreated = Store.FromConfig(config);

        Assert.Equal(typeof(XorSerializer).FullName + ", " + typeof(XorSerializer).Assembly.GetName().Name, config.Serializer);
        Assert.IsType<XorSerializer>(recreated.Serializer);
        Assert.Equal("secret", recreated.Get<string>(key));
    }

    [Fact]
    public void A_config_written_to_a_file_reads_back_equal()
    {
        // The port of the TOML tests, with the JSON file this port uses.
        string file = _dir.Sub("config.json");
        string storeDir = _dir.Sub("cache");
        var config = new StoreConfig
        {
            Name = "test",
            Connector = new ConnectorConfig("file", Options(new { storeDirectory = storeDir })),
            CacheSize = 0,
            Metrics = true,
            PopulateTarget = false,
        };

        File.WriteAllText(file, JsonSerializer.Serialize(config));
        StoreConfig? read = JsonSerializer.Deserialize<StoreConfig>(File.ReadAllText(file));

        Assert.Equal(config, read);
        Assert.Equal("test", read!.Name);
        Assert.Equal(0, read.CacheSize);
        Assert.True(read.Metrics);
        Assert.False(read.PopulateTarget);
        Assert.Equal("file", read.Connector.Kind);
        Assert.Equal(storeDir, read.Connector.Options.GetProperty("storeDirectory").GetString());
    }

    [Fact]
    public void A_hand_written_json_config_creates_its_store()
    {
        // A config never creates its directory: whoever writes one by hand creates that too.
        string storeDir = Directory.CreateDirectory(_dir.Sub("hand-written")).FullName;
        string name = UniqueNames.Store("hand-written");
        string json = $$"""
            {
              "Name": "{{name}}",
              "CacheSize": 0,
              "Metrics": true,
              "Connector": { "Kind": "file", "Options": { "storeDirectory": {{JsonSerializer.Serialize(storeDir)}} } }
            }
            """;

        using Store store = Store.FromConfig(JsonSerializer.Deserialize<StoreConfig>(json)!);

        Assert.Equal(name, store.Name);
        Assert.Equal(0, store.CacheSize);
        Assert.NotNull(store.Metrics);
        Assert.Equal(storeDir, Assert.IsType<FileConnector>(store.Connector).StoreDirectory);
        Assert.Equal("x", store.Get<string>(store.Put("x")));
    }

    [Fact]
    public void A_config_without_a_name_does_not_deserialize()
    {
        const string json = """{ "Connector": { "Kind": "local", "Options": { "storageId": "x" } } }""";

        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<StoreConfig>(json));

        Assert.Contains("Name", e.Message);
    }

    [Fact]
    public void Configs_differing_in_connector_options_are_not_equal()
    {
        var a = new StoreConfig { Name = "n", Connector = new ConnectorConfig("local", Options(new { storageId = "a" })) };
        var b = a with { Connector = new ConnectorConfig("local", Options(new { storageId = "b" })) };
        var upper = a with { Connector = new ConnectorConfig("LOCAL", Options(new { storageId = "a" })) };

        Assert.NotEqual(a, b);
        Assert.Equal(a, upper);
        Assert.Equal(a.GetHashCode(), upper.GetHashCode());
    }
}

using System.Text;
using System.Text.Json;
using ProxyStore.Connectors;
using ProxyStore.Serialization;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests;

/// <summary>
/// The default serializer, directly and through a store: raw bytes and strings, concrete
/// types behind interfaces and base types, type safety, null and missing keys.
/// </summary>
public sealed class DefaultSerializerTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Store _store;

    public DefaultSerializerTests()
    {
        _store = new Store(UniqueNames.Store("serializer"), new FileConnector(_dir.Sub("store")), metrics: true);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    private byte[] OnDisk(StoreKey key) => File.ReadAllBytes(Path.Join(((FileConnector)_store.Connector).StoreDirectory, key.Id));

    private long PutSize(StoreKey key) => MetricsAssert.Size(_store.Metrics!.GetMetrics(key)!.Attributes["store.put.object_size"]);

    // ---- raw payloads ----

    [Fact]
    public void A_byte_array_is_stored_raw_behind_one_tag_byte()
    {
        byte[] payload = [0, 1, 2, 250, 255];

        StoreKey key = _store.Put(payload);

        Assert.Equal(StoredFrame.HeaderSize + payload.Length + 1, PutSize(key));
        Assert.Equal(payload, OnDisk(key)[(StoredFrame.HeaderSize + 1)..]);
        Assert.Equal(payload, _store.Get<byte[]>(key));
        Assert.Equal(payload, _store.Get<ReadOnlyMemory<byte>>(key).ToArray());
        Assert.Equal(payload, _store.Get<Memory<byte>>(key).ToArray());
    }

    [Fact]
    public void Read_only_memory_is_stored_raw_behind_one_tag_byte()
    {
        byte[] backing = [9, 8, 7, 6, 5, 4];
        ReadOnlyMemory<byte> payload = backing.AsMemory(1, 3);

        StoreKey key = _store.Put(payload);

        Assert.Equal(StoredFrame.HeaderSize + payload.Length + 1, PutSize(key));
        Assert.Equal(payload.ToArray(), OnDisk(key)[(StoredFrame.HeaderSize + 1)..]);
        Assert.Equal(new byte[] { 8, 7, 6 }, _store.Get<ReadOnlyMemory<byte>>(key).ToArray());
        Assert.Equal(new byte[] { 8, 7, 6 }, _store.Get<byte[]>(key));
    }

    [Fact]
    public void A_string_is_stored_as_raw_utf8_behind_one_tag_byte()
    {
        const string text = "héllo wörld ✓";

        StoreKey key = _store.Put(text);

        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        Assert.Equal(StoredFrame.HeaderSize + utf8.Length + 1, PutSize(key));
        Assert.Equal(utf8, OnDisk(key)[(StoredFrame.HeaderSize + 1)..]);
        Assert.Equal(text, _store.Get<string>(key));
    }

    [Fact]
    public void Raw_payloads_of_different_kinds_are_told_apart()
    {
        StoreKey bytes = _store.Put("abc"u8.ToArray());
        StoreKey text = _store.Put("abc");

        Assert.NotEqual(OnDisk(bytes)[StoredFrame.HeaderSize], OnDisk(text)[StoredFrame.HeaderSize]);
        Assert.Throws<InvalidCastException>(() => _store.Get<string>(bytes));
        Assert.Throws<InvalidCastException>(() => _store.Get<byte[]>(text));
        Assert.IsType<byte[]>(_store.Get<object>(bytes));
        Assert.IsType<string>(_store.Get<object>(text));
    }

    // ---- concrete types ----

    [Fact]
    public void A_record_read_through_its_interface_is_the_concrete_type()
    {
        var circle = new Circle(2.5, "red");

        StoreKey key = _store.Put(circle);
        IShape? shape = _store.Get<IShape>(key);

        Assert.Equal(circle, Assert.IsType<Circle>(shape));
        Assert.Equal(2.5 * 2.5 * Math.PI, shape.Area, 10);
    }

    [Fact]
    public void A_record_read_through_its_base_type_is_the_concrete_type()
    {
        var dog = new Dog("Rex", 4);

        StoreKey key = _store.Put(dog);

        Assert.Equal(dog, Assert.IsType<Dog>(_store.Get<Animal>(key)));
        Assert.Equal(dog, Assert.IsType<Dog>(_store.Get<object>(key)));
    }

    [Fact]
    public void A_list_of_records_keeps_its_element_type()
    {
        var values = new List<Animal> { new("generic"), new Dog("Rex", 3) };

        StoreKey key = _store.Put(values);

        // The list was declared of the base type, so that is what JSON keeps for its elements.
        List<Animal>? back = _store.Get<List<Animal>>(key);
        Assert.NotNull(back);
        Assert.Equal(2, back.Count);
        Assert.Equal("generic", back[0].Name);
        Assert.Equal("Rex", back[1].Name);
    }

    [Fact]
    public void Common_values_round_trip()
    {
        var when = new DateTimeOffset(2024, 4, 20, 1, 2, 3, TimeSpan.FromHours(2));
        var map = new Dictionary<string, int[]> { ["a"] = [1, 2], ["b"] = [] };

        Assert.Equal(42, _store.Get<int>(_store.Put(42)));
        Assert.Equal(4.25, _store.Get<double>(_store.Put(4.25)));
        Assert.True(_store.Get<bool>(_store.Put(true)));
        Assert.Equal(when, _store.Get<DateTimeOffset>(_store.Put(when)));
        Assert.Equal(Guid.Empty, _store.Get<Guid>(_store.Put(Guid.Empty)));
        Assert.Equal(map, _store.Get<Dictionary<string, int[]>>(_store.Put(map)));
        Assert.Equal(7L, _store.Get<long?>(_store.Put(7L)));
    }

    // ---- type safety ----

    [Fact]
    public void Get_as_an_unrelated_type_throws_and_never_creates_the_stored_type()
    {
        StoreKey key = _store.Put(new Tracked { Value = 1 });
        int created = Tracked.Created;

        var e = Assert.Throws<InvalidCastException>(() => _store.Get<Dog>(key));

        Assert.Equal(created, Tracked.Created);
        Assert.Contains(key.ToString(), e.Message);
        Assert.Contains(_store.Name, e.Message);
        Assert.Contains(typeof(Dog).FullName!, e.Message);
        Assert.False(_store.IsCached(key));

        // Reading it as its own type does create it, which is what the counter counts.
        Assert.Equal(1, _store.Get<Tracked>(key)!.Value);
        Assert.Equal(created + 1, Tracked.Created);
    }

    [Fact]
    public void The_serializer_checks_the_requested_type_before_reading_json()
    {
        byte[] data = DefaultSerializer.Instance.Serialize(new Tracked { Value = 5 });
        int created = Tracked.Created;

        var e = Assert.Throws<InvalidCastException>(() => DefaultSerializer.Instance.Deserialize(data, typeof(IShape)));

        Assert.Equal(created, Tracked.Created);
        Assert.Contains(typeof(Tracked).FullName!, e.Message);
        Assert.Contains(typeof(IShape).FullName!, e.Message);
    }

    // ---- null and missing ----

    [Fact]
    public void Null_is_stored_and_read_back()
    {
        StoreKey key = _store.Put(null);

        Assert.Null(_store.Get<string>(key));
        Assert.Null(_store.Get<Circle>(key));
        Assert.Null(_store.Get<int?>(key));
        Assert.True(_store.TryGet(key, out object? value));
        Assert.Null(value);
        Assert.Equal(StoredFrame.HeaderSize + 1, PutSize(key));
    }

    [Fact]
    public void A_stored_null_is_not_an_int()
    {
        StoreKey key = _store.Put(null);

        var e = Assert.Throws<InvalidCastException>(() => _store.Get<int>(key));

        Assert.Contains(key.ToString(), e.Message);
        Assert.Contains(_store.Name, e.Message);
    }

    [Fact]
    public void TryGet_tells_a_missing_key_from_a_stored_default()
    {
        StoreKey zero = _store.Put(0);
        StoreKey nothing = _store.Put(null);
        StoreKey empty = _store.Put("");
        StoreKey missing = _store.Put(1);
        _store.Evict(missing);

        Assert.True(_store.TryGet(zero, out int z));
        Assert.Equal(0, z);
        Assert.True(_store.TryGet(nothing, out string? n));
        Assert.Null(n);
        Assert.True(_store.TryGet(empty, out string? s));
        Assert.Equal("", s);
        Assert.False(_store.TryGet(missing, out int m));
        Assert.Equal(0, m);
        Assert.False(_store.TryGet(missing, out string? ms));
        Assert.Null(ms);

        // The same from the cache on a second read.
        Assert.True(_store.TryGet(zero, out int z2));
        Assert.Equal(0, z2);
        Assert.True(_store.IsCached(nothing));
        Assert.True(_store.TryGet(nothing, out string? n2));
        Assert.Null(n2);
    }

    // ---- the serializer directly ----

    [Fact]
    public void Serializes_null_as_a_single_tag_byte()
    {
        byte[] data = DefaultSerializer.Instance.Serialize(null);

        Assert.Single(data);
        Assert.Null(DefaultSerializer.Instance.Deserialize(data, typeof(string)));
    }

    [Fact]
    public void Rejects_bytes_it_did_not_write()
    {
        var empty = Assert.Throws<StoreSerializationException>(() => DefaultSerializer.Instance.Deserialize(ReadOnlyMemory<byte>.Empty, typeof(object)));
        var unknown = Assert.Throws<StoreSerializationException>(() => DefaultSerializer.Instance.Deserialize(new byte[] { 200, 1 }, typeof(object)));

        Assert.Contains("empty", empty.Message);
        Assert.Contains("200", unknown.Message);
    }

    public static TheoryData<byte[]> CorruptedHeaders => new()
    {
        new byte[] { 3 },                                  // no type name length
        new byte[] { 3, 50, 65, 66 },                      // name longer than the data
        new byte[] { 3, 0x80, 0x80, 0x80, 0x80, 0x80, 1 }, // length never ends
        new byte[] { 3, 0xFD, 0xFF, 0xFF, 0xFF, 0x07, 1 }, // length int.MaxValue - 2: overflows the bounds check
    };

    [Theory]
    [MemberData(nameof(CorruptedHeaders))]
    public void A_corrupted_type_header_is_a_serialization_error(byte[] data)
    {
        var e = Assert.Throws<StoreSerializationException>(() => DefaultSerializer.Instance.Deserialize(data, typeof(object)));

        Assert.Contains("header", e.Message);
    }

    [Fact]
    public void Uses_the_json_options_it_was_given()
    {
        var camel = new DefaultSerializer(new JsonSerializerOptions(JsonSerializerDefaults.Web));

        byte[] data = camel.Serialize(new Dog("Rex", 4));

        Assert.Contains("\"legs\":4", Encoding.UTF8.GetString(data));
        Assert.Equal(new Dog("Rex", 4), camel.Deserialize(data, typeof(Animal)));
    }

    // ---- helper types ----

    public interface IShape
    {
        double Area { get; }
    }

    [ProxyStore.Storable]
    public sealed record Circle(double Radius, string Color) : IShape
    {
        public double Area => Math.PI * Radius * Radius;
    }

    public record Animal(string Name);

    [ProxyStore.Storable]
    public sealed record Dog(string Name, int Legs) : Animal(Name);

    public sealed class Tracked
    {
        private static int s_created;

        public Tracked()
        {
            Interlocked.Increment(ref s_created);
        }

        public static int Created => Volatile.Read(ref s_created);

        public int Value { get; set; }
    }
}

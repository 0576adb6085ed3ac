using ProxyStore.Connectors;
using ProxyStore.Serialization;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Serialization;

/// <summary>
/// Round-trip or refuse: what the default serializer stores comes back exactly, and what it
/// cannot keep exactly is refused at the put, naming the type and the member, with nothing
/// written. (After ProxyStore's tests/serialize_test.py.)
/// </summary>
public sealed class RoundTripTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Store _store;

    public RoundTripTests()
    {
        _store = new Store(UniqueNames.Store("round-trip"), new FileConnector(_dir.Sub("objects")));
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    /// <summary>How many objects the store's directory holds.</summary>
    private int StoredObjects() => Directory.GetFiles(((FileConnector)_store.Connector).StoreDirectory).Length;

    private T RoundTrip<T>(T value)
    {
        Assert.True(_store.TryGet(_store.Put(value), out T? back));
        return back!;
    }

    [Fact]
    public void Public_fields_round_trip()
    {
        WithFields back = RoundTrip(new WithFields { Count = 3, Name = "three", Samples = [0.5, 1.5] });

        Assert.Equal(3, back.Count);
        Assert.Equal("three", back.Name);
        Assert.Equal([0.5, 1.5], back.Samples);
    }

    [Fact]
    public void Value_tuples_round_trip()
    {
        Assert.Equal((3, "x"), RoundTrip((3, "x")));
        Assert.Equal((1, 2L, 3.5, "four", true, 'c', (byte)7, 8m, 9), RoundTrip((1, 2L, 3.5, "four", true, 'c', (byte)7, 8m, 9)));
        Assert.Equal(Tuple.Create(1, "one"), RoundTrip(Tuple.Create(1, "one")));
    }

    [Fact]
    public void Properties_with_non_public_setters_round_trip()
    {
        PrivateSetter back = RoundTrip(PrivateSetter.Make(5, "five"));

        Assert.Equal(5, back.Value);
        Assert.Equal("five", back.Label);
    }

    [Fact]
    public void Records_dictionaries_collections_and_common_values_round_trip()
    {
        var at = new DateTimeOffset(2026, 12, 1, 13, 45, 10, TimeSpan.FromHours(2));
        var sample = new Sample(Guid.NewGuid(), 12.3456789012345678m, DayOfWeek.Friday, new() { ["a"] = 1, ["b"] = 2 }, [3, 1, 2]);

        Assert.Equal(new Reading(2.5, at), RoundTrip(new Reading(2.5, at)));
        Assert.Equal(at.Offset, RoundTrip(new Reading(2.5, at)).At.Offset);
        Sample back = RoundTrip(sample);
        Assert.Equal((sample.Id, sample.Amount, sample.Day), (back.Id, back.Amount, back.Day));
        Assert.Equal(sample.Counts, back.Counts);
        Assert.Equal(sample.Values, back.Values);
        Assert.Equal(new HashSet<string> { "x", "y" }, RoundTrip(new HashSet<string> { "x", "y" }));
        Assert.Equal(new SortedDictionary<int, string> { [2] = "b", [1] = "a" }, RoundTrip(new SortedDictionary<int, string> { [2] = "b", [1] = "a" }));
        Assert.Equal(decimal.MaxValue, RoundTrip(decimal.MaxValue));
        Assert.Equal(long.MinValue, RoundTrip(long.MinValue));
        Assert.Equal(double.Epsilon, RoundTrip(double.Epsilon));
        Assert.Equal(ConsoleColor.DarkCyan, RoundTrip(ConsoleColor.DarkCyan));
    }

    [Fact]
    public void Constructor_parameters_backed_fields_and_ignored_state_round_trip()
    {
        WithConstructor made = RoundTrip(new WithConstructor(3, 4));
        Assert.Equal((3, 4, 12), (made.Width, made.Height, made.Area));
        Assert.Equal(9, RoundTrip(new WithBackedProperty { Level = 9 }).Level);
        Assert.Equal(11, RoundTrip(new IgnoredState { Value = 11 }).Value);
    }

    [Fact]
    public void Values_in_object_typed_positions_keep_their_types()
    {
        var values = new Dictionary<string, object?>
        {
            ["int"] = 1,
            ["long"] = 2L,
            ["text"] = "three",
            ["when"] = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            ["reading"] = new Reading(4.5, DateTimeOffset.UnixEpoch),
            ["list"] = new List<int> { 1, 2 },
            ["none"] = null,
        };

        Dictionary<string, object?> back = RoundTrip(values);

        Assert.Equal(values.Keys, back.Keys);
        foreach ((string name, object? value) in values)
        {
            Assert.Equal(value?.GetType(), back[name]?.GetType());
        }

        Assert.Equal(new Reading(4.5, DateTimeOffset.UnixEpoch), back["reading"]);
        Assert.Equal([1, 2], (List<int>)back["list"]!);
    }

    [Fact]
    public void Collections_that_cannot_be_created_again_come_back_as_lists_sets_and_dictionaries_with_the_same_elements()
    {
        IReadOnlyList<int> expression = [1, 2, 3];
        IEnumerable<string> query = new[] { "a", "b" }.Select(s => s + "!");
        IReadOnlyDictionary<string, int> readOnly = new System.Collections.ObjectModel.ReadOnlyDictionary<string, int>(new Dictionary<string, int> { ["k"] = 1 });

        Assert.Equal([1, 2, 3], _store.Get<IReadOnlyList<int>>(_store.Put(expression)));
        Assert.Equal(["a!", "b!"], _store.Get<IEnumerable<string>>(_store.Put(query)));
        Assert.Equal(1, _store.Get<IReadOnlyDictionary<string, int>>(_store.Put(readOnly))!["k"]);
        Assert.Equal([1, 2, 3], RoundTrip(new ListHolder { Values = expression }).Values);
    }

    [Fact]
    public void A_subtype_behind_its_base_type_keeps_its_concrete_type_at_the_top_and_inside()
    {
        var dog = new Dog { Name = "Rex", Legs = 4 };
        StoreKey key = _store.Put(dog);

        Animal top = _store.Get<Animal>(key)!;
        List<Animal> inside = RoundTrip(new List<Animal> { dog, new() { Name = "generic" } });

        Assert.Equal(4, Assert.IsType<Dog>(top).Legs);
        Assert.Equal(4, Assert.IsType<Dog>(inside[0]).Legs);
        Assert.IsType<Animal>(inside[1]);
        Assert.Throws<InvalidCastException>(() => _store.Get<string>(key));
    }

    public static TheoryData<object, string, string> Refused => new()
    {
        { new HiddenField { Shown = 1 }, nameof(HiddenField), "_secret" },
        { new GetOnlyAuto(), nameof(GetOnlyAuto), "Fixed" },
        { new ReadOnlyField(), nameof(ReadOnlyField), "Locked" },
        { new CapturedParameter(4), nameof(CapturedParameter), "seed" },
        { new NonPublicGetter { Internal = 2 }, nameof(NonPublicGetter), "Internal" },
        { new NoUsableConstructor(1), nameof(NoUsableConstructor), "constructor" },
        { new Outer(), nameof(HiddenField), "_secret" },
        { new List<HiddenField> { new() }, nameof(HiddenField), "_secret" },
        { new Dictionary<string, object> { ["x"] = new HiddenField() }, nameof(HiddenField), "_secret" },
        { new System.Text.StringBuilder("text"), "StringBuilder", "m_" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void What_would_lose_a_member_is_refused_naming_type_and_member_and_nothing_is_stored(object value, string type, string member)
    {
        var e = Assert.Throws<StoreSerializationException>(() => _store.Put(value));

        Assert.Contains(type, e.Message);
        Assert.Contains(member, e.Message);
        Assert.Contains(_store.Name, e.Message);
        Assert.Contains("ISerializer", e.Message); // says what to do
        Assert.Equal(0, StoredObjects());
    }

    [Fact]
    public void A_refused_object_in_a_batch_or_a_proxy_stores_nothing()
    {
        Assert.Throws<StoreSerializationException>(() => _store.PutBatch<object>([new Reading(1, default), new HiddenField()]));
        Assert.Throws<StoreSerializationException>(() => _store.Proxy<IRevealing>(new HiddenField()));
        Assert.Throws<StoreSerializationException>(() => _store.PutAsync(new GetOnlyAuto()).AsTask().GetAwaiter().GetResult());

        Assert.Equal(0, StoredObjects());
    }

    [Fact]
    public void The_verdict_on_a_type_is_kept_and_every_later_object_of_it_is_refused_too()
    {
        for (int i = 0; i < 3; i++)
        {
            Assert.Throws<StoreSerializationException>(() => _store.Put(new HiddenField { Shown = i }));
        }

        Assert.Equal(0, StoredObjects());
    }
}

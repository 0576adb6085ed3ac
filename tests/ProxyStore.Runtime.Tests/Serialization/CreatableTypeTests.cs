using System.Text;
using ProxyStore.Connectors;
using ProxyStore.Serialization;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Serialization;

/// <summary>
/// Stored bytes create only the types the application opted into: a type named by the bytes
/// that is not declared storable is refused, naming it and how to allow it, before anything is
/// constructed; declared types, plain data, [Storable], StorableTypes, [Proxiable] implementers
/// and [JsonDerivedType] are read as before.
/// </summary>
[Collection(IsolatedCollection.Name)]
public sealed class CreatableTypeTests : IDisposable
{
    private readonly Store _store = new(UniqueNames.Store("creatable"), new LocalConnector(), cacheSize: 0);

    public void Dispose() => _store.Dispose();

    [Fact]
    public void A_type_not_declared_storable_is_refused_behind_object_an_interface_and_in_every_open_position_with_nothing_constructed()
    {
        // Stored alone it is stored as itself; in an open position the put refuses it, so the
        // frames that hold one there are forged: a declared type's name replaced by Gadget's.
        StoreKey alone = _store.Put(new Gadget());
        StoreKey content = PutForged(new Box { Content = new Declared("gadget") });
        StoreKey thing = PutForged(new Box { Thing = new Declared("gadget") });
        StoreKey many = PutForged(new Box { Many = [new Declared("gadget")] });
        StoreKey byName = PutForged(new Box { ByName = new() { ["g"] = new Declared("gadget") } });
        Gadget.Reset();

        AssertRefused(() => _store.Get<object>(alone));
        AssertRefused(() => _store.Get<IGadgetish>(alone));
        AssertRefused(() => _store.Get<Box>(content));
        AssertRefused(() => _store.Get<Box>(thing));
        AssertRefused(() => _store.Get<Box>(many));
        AssertRefused(() => _store.Get<Box>(byName));
        Assert.Equal(0, Gadget.Constructed);

        // Asked for by its own type, it is what the application asked for.
        Assert.Equal("gadget", _store.Get<Gadget>(alone)!.Name);
        Assert.Equal(1, Gadget.Constructed);
    }

    [Fact]
    public void A_put_of_a_type_not_declared_storable_in_an_open_position_is_refused_before_anything_is_stored()
    {
        var refused = Assert.Throws<StoreSerializationException>(() => _store.Put(new Box { Content = new Gadget() }));

        Assert.Contains("ProxyStore.Tests.Serialization.Gadget", refused.Message);
        Assert.Contains("would not be read back", refused.Message);
        Assert.Contains("[ProxyStore.Storable]", refused.Message);
    }

    [Theory]
    [InlineData("System.Timers.Timer, System.ComponentModel.TypeConverter", "{\"Enabled\":true,\"Interval\":1}")]
    [InlineData("System.IO.MemoryStream, System.Private.CoreLib", "{\"Capacity\":1000000000}")]
    [InlineData("System.IO.FileSystemWatcher, System.IO.FileSystem.Watcher", "{\"Path\":\"/tmp\",\"EnableRaisingEvents\":true}")]
    [InlineData("System.Net.Http.HttpClient, System.Net.Http", "{}")]
    public void A_framework_type_named_by_forged_bytes_is_refused_before_it_is_created(string typeName, string json)
    {
        byte[] name = Encoding.UTF8.GetBytes(typeName);
        byte[] payload = [3, (byte)name.Length, .. name, .. Encoding.UTF8.GetBytes(json)];
        StoreKey key = _store.Connector.Put(StoredFrame.Wrap(payload));
        long before = GC.GetAllocatedBytesForCurrentThread();

        var refused = Assert.Throws<StoreSerializationException>(() => _store.Get<object>(key));

        Assert.Contains(typeName[..typeName.IndexOf(',')], refused.Message);
        Assert.Contains("storable", refused.Message);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1 << 20);
    }

    [Fact]
    public void Declared_types_are_read_behind_interfaces_and_in_open_positions()
    {
        StorableTypes.Allow<AllowedLater>();
        var box = new Box
        {
            Content = new Declared("a"),
            Thing = new AllowedLater("b"),
            Many = [1, "two", new List<int> { 3 }, new Dictionary<string, double> { ["x"] = 4 }, new[] { 5.0 }],
        };

        Box back = _store.Get<Box>(_store.Put(box))!;

        Assert.Equal(new Declared("a"), back.Content);
        Assert.Equal(new AllowedLater("b"), back.Thing);
        Assert.Equal(1, Assert.IsType<int>(back.Many[0]));
        Assert.Equal("two", back.Many[1]);
        Assert.Equal([3], Assert.IsType<List<int>>(back.Many[2]));
        Assert.Equal(4, Assert.IsType<Dictionary<string, double>>(back.Many[3])["x"]);
        Assert.Equal([5.0], Assert.IsType<double[]>(back.Many[4]));
        Assert.Equal(new Declared("z"), _store.Get<IGadgetish>(_store.Put(new Declared("z"))));
    }

    [Fact]
    public void An_implementation_of_a_proxiable_interface_needs_no_declaration()
    {
        StoreKey key = _store.Put(new Disc { Radius = 2 });

        Assert.Equal(Math.PI * 4, _store.Get<IProxiableShape>(key)!.Area());
        Assert.Equal(Math.PI * 4, _store.Get<object>(key) is Disc disc ? disc.Area() : 0);
    }

    [Fact]
    public void Declared_polymorphism_round_trips_through_system_text_json_discriminators()
    {
        var kennel = new Kennel
        {
            Resident = new Hound { Name = "Rex", Barks = 3 },
            Guests = [new Tabby { Name = "Tom", Lives = 9 }, new Hound { Name = "Fido", Barks = 1 }],
        };

        Kennel back = _store.Get<Kennel>(_store.Put(kennel))!;

        Assert.Equal(3, Assert.IsType<Hound>(back.Resident).Barks);
        Assert.Equal(9, Assert.IsType<Tabby>(back.Guests[0]).Lives);
        Assert.Equal("Fido", Assert.IsType<Hound>(back.Guests[1]).Name);
        Assert.Equal(9, Assert.IsType<Tabby>(_store.Get<Pet>(_store.Put(new Tabby { Name = "Tib", Lives = 9 }))).Lives);
    }

    [Fact]
    public void Listing_a_derived_type_that_is_not_sealed_is_refused_at_the_put_saying_what_to_do()
    {
        var aviary = new Aviary { Resident = new Bird { Name = "Robin", Wings = 2 } };

        var refused = Assert.Throws<StoreSerializationException>(() => _store.Put(aviary));

        Assert.Contains("Flyer lists ProxyStore.Tests.Serialization.Bird with [JsonDerivedType]", refused.Message, StringComparison.Ordinal);
        Assert.Contains("[ProxyStore.Storable]", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Storable_hierarchies_of_unsealed_classes_keep_every_concrete_type_in_members_and_elements()
    {
        var hangar = new Hangar
        {
            Resident = new BoxKite { Name = "Hargrave", Lines = 2, Cells = 4 },
            Spare = new BoxKite { Name = "Spare", Cells = 2 },
            Fleet = [new Kite { Name = "Plain", Lines = 1 }, new BoxKite { Name = "Boxy", Cells = 6 }],
        };

        Hangar back = _store.Get<Hangar>(_store.Put(hangar))!;

        Assert.Equal(4, Assert.IsType<BoxKite>(back.Resident).Cells);
        Assert.Equal(2, Assert.IsType<BoxKite>(back.Spare).Cells);
        Assert.Equal(1, Assert.IsType<Kite>(back.Fleet[0]).Lines);
        Assert.Equal(6, Assert.IsType<BoxKite>(back.Fleet[1]).Cells);
        Assert.Equal(3, Assert.IsType<BoxKite>(_store.Get<Glider>(_store.Put(new BoxKite { Cells = 3 }))).Cells);
    }

    [Fact]
    public void A_stored_proxy_of_a_class_that_is_not_proxiable_is_refused()
    {
        using var registered = new Store(UniqueNames.Store("creatable-proxy"), new LocalConnector(), register: true);
        IList<int> proxy = registered.Proxy<IList<int>>(new List<int> { 1 });

        // The proxy tag, a class that is not [Proxiable] (a proxy of it would run its constructor), the reference.
        byte[] name = Encoding.UTF8.GetBytes(typeof(Gadget).AssemblyQualifiedName!);
        byte[] payload = [4, (byte)name.Length, .. name, .. ProxyReference.Serialize(proxy)];
        StoreKey key = _store.Connector.Put(StoredFrame.Wrap(payload));
        Gadget.Reset();

        Assert.Contains("not [Proxiable]", Assert.Throws<StoreSerializationException>(() => _store.Get<object>(key)).Message);
        Assert.Equal(0, Gadget.Constructed);
    }

    private StoreKey PutForged(Box box)
    {
        string json = Encoding.UTF8.GetString(DefaultSerializer.Instance.Serialize(box));
        string forged = json.Replace(typeof(Declared).FullName!, typeof(Gadget).FullName!, StringComparison.Ordinal);
        Assert.NotEqual(json, forged);
        return _store.Connector.Put(StoredFrame.Wrap(Encoding.UTF8.GetBytes(forged)));
    }

    private static void AssertRefused(Action get)
    {
        var refused = Assert.Throws<StoreSerializationException>(get);
        Assert.Contains("ProxyStore.Tests.Serialization.Gadget", refused.Message);
        Assert.Contains("[ProxyStore.Storable]", refused.Message);
        Assert.Contains("StorableTypes.Allow", refused.Message);
    }
}

using System.Text;
using ProxyStore.Connectors;
using ProxyStore.Serialization;
using ProxyStore.Tests.Proxying;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Serialization;

/// <summary>
/// A proxy anywhere in a stored object stays a reference: putting never resolves it, and
/// getting gives back an unresolved proxy of the same key that resolves to the same target.
/// </summary>
public sealed class GraphProxyTests : IDisposable
{
    private readonly Store _store = new(UniqueNames.Store("graph"), new LocalConnector(), register: true);

    public void Dispose() => _store.Dispose();

    private Dataset NewDataset(string name) => new(name, [name.Length, 2, 3]);

    [Fact]
    public void Proxies_in_properties_fields_lists_arrays_dictionaries_and_object_members_stay_unresolved_references()
    {
        IDataset main = _store.Proxy<IDataset>(NewDataset("main"));
        IDataset field = _store.Proxy<IDataset>(NewDataset("field"));
        IDataset item = _store.Proxy<IDataset>(NewDataset("item"));
        IDataset element = _store.Proxy<IDataset>(NewDataset("element"));
        IDataset named = _store.Proxy<IDataset>(NewDataset("named"));
        IDataset anything = _store.Proxy<IDataset>(NewDataset("anything"));
        IDataset[] proxies = [main, field, item, element, named, anything];
        var envelope = new Envelope
        {
            Main = main,
            Field = field,
            Items = [item, NewDataset("plain")],
            Array = [element],
            ByName = new() { ["n"] = named },
            Anything = anything,
        };

        StoreKey key = _store.Put(envelope);
        Envelope back = _store.Get<Envelope>(key)!;

        Assert.All(proxies, p => Assert.False(Proxies.IsResolved(p), "putting resolved a proxy"));
        IDataset[] returned = [back.Main!, back.Field!, back.Items[0], back.Array[0], back.ByName["n"], (IDataset)back.Anything!];
        for (int i = 0; i < proxies.Length; i++)
        {
            Assert.True(Proxies.IsProxy(returned[i]));
            Assert.False(Proxies.IsResolved(returned[i]));
            Assert.Equal(Proxies.GetKey(proxies[i]), Proxies.GetKey(returned[i]));
        }

        Assert.Equal(["main", "field", "item", "element", "named", "anything"], returned.Select(r => r.Name));
        Assert.Equal(NewDataset("plain"), Assert.IsType<Dataset>(back.Items[1]));
    }

    [Fact]
    public void A_proxy_stays_a_reference_whatever_the_size_of_its_target()
    {
        IDataset big = _store.Proxy<IDataset>(new Dataset("big", Enumerable.Range(0, 100_000).ToArray()));

        byte[] stored = DefaultSerializer.Instance.Serialize(new Envelope { Main = big });

        Assert.True(stored.Length < 600, $"a message holding one proxy took {stored.Length} bytes");
        Assert.False(Proxies.IsResolved(big));
    }

    [Fact]
    public void A_proxy_of_a_class_in_a_member_of_that_class_stays_a_reference()
    {
        Account account = _store.Proxy(new Account { Owner = "ada", Balance = 10m });

        Envelope back = _store.Get<Envelope>(_store.Put(new Envelope { Account = account }))!;

        Assert.False(Proxies.IsResolved(account));
        Assert.True(Proxies.IsProxy(back.Account));
        Assert.False(Proxies.IsResolved(back.Account!));
        Assert.Equal("ada", back.Account!.Owner);
    }

    [Fact]
    public void Interface_and_abstract_members_holding_ordinary_objects_keep_their_concrete_types()
    {
        var envelope = new Envelope { Main = NewDataset("plain"), Shape = new Square { Side = 3 }, Account = new Account { Owner = "bob", Balance = 5m } };

        Envelope back = _store.Get<Envelope>(_store.Put(envelope))!;

        Assert.Equal(NewDataset("plain"), Assert.IsType<Dataset>(back.Main));
        Assert.Equal(9, Assert.IsType<Square>(back.Shape).Area);
        Assert.Equal(("bob", 5m), (back.Account!.Owner, back.Account.Balance));
        Assert.False(Proxies.IsProxy(back.Account));
    }

    [Fact]
    public void A_proxy_inside_a_list_at_the_top_level_stays_a_reference()
    {
        IDataset proxy = _store.Proxy<IDataset>(NewDataset("listed"));

        List<IDataset> back = _store.Get<List<IDataset>>(_store.Put(new List<IDataset> { proxy }))!;

        Assert.False(Proxies.IsResolved(proxy));
        Assert.False(Proxies.IsResolved(back[0]));
        Assert.Equal("listed", back[0].Name);
    }

    [Fact]
    public async Task A_future_proxy_inside_a_stored_object_stays_a_reference_that_waits_for_the_value()
    {
        StoreFuture<IDataset> future = _store.Future<IDataset>(new PollingOptions { Interval = TimeSpan.FromMilliseconds(5), Timeout = TimeSpan.FromSeconds(30) });

        Envelope back = _store.Get<Envelope>(_store.Put(new Envelope { Main = future.Proxy() }))!;
        Assert.False(future.Done);
        Assert.False(Proxies.IsResolved(back.Main!));
        await future.SetResultAsync(NewDataset("later"));

        Assert.Equal("later", back.Main!.Name);
        Assert.Equal(future.Key, Proxies.GetKey(back.Main));
    }

    [Fact]
    public void A_stored_member_type_that_is_not_the_declared_type_is_refused_and_never_created()
    {
        byte[] json = DefaultSerializer.Instance.Serialize(new Envelope { Shape = new Square { Side = 2 } });
        string tampered = Encoding.UTF8.GetString(json).Replace(
            SerializerTypeName(typeof(Square)), SerializerTypeName(typeof(Account)), StringComparison.Ordinal);
        StoreKey key = _store.Connector.Put(StoredFrame.Wrap(Encoding.UTF8.GetBytes(tampered)));

        var e = Assert.ThrowsAny<Exception>(() => _store.Get<Envelope>(key));

        Assert.True(e is InvalidCastException or StoreSerializationException, e.ToString());
        Assert.Contains(nameof(Account), e.Message);
        Assert.Contains(nameof(Shape), e.Message);
    }

    private static string SerializerTypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}

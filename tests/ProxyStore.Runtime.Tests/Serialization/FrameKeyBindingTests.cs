using ProxyStore.Connectors;
using ProxyStore.Serialization;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Serialization;

/// <summary>
/// A frame is bound to the key it was put under: a valid frame copied or moved under another key
/// is refused as damage naming store and key, on every connector the store picks keys for.
/// </summary>
public sealed class FrameKeyBindingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public void A_frame_copied_under_another_key_is_refused_as_damage(string connector)
    {
        using var store = new Store(UniqueNames.Store("bound-" + connector), ConnectorCases.Create(connector, _dir), cacheSize: 0);
        var deferrable = (IDeferrableConnector)store.Connector;
        StoreKey original = store.Put(new[] { 1.0, 2.0, 3.0 });
        StoreKey other = deferrable.NewKey(64);

        deferrable.Set(other, store.Connector.Get(original)!);

        var damaged = Assert.Throws<StoreSerializationException>(() => store.Get<double[]>(other));
        Assert.Contains("damaged", damaged.Message);
        Assert.Contains(other.ToString(), damaged.Message);
        Assert.Contains(store.Name, damaged.Message);
        Assert.Equal([1.0, 2.0, 3.0], store.Get<double[]>(original)!);
    }

    [Fact]
    public void A_file_renamed_to_another_keys_name_is_refused_as_damage()
    {
        string directory = _dir.Sub("files");
        using var store = new Store(UniqueNames.Store("bound-files"), new FileConnector(directory), cacheSize: 0);
        StoreKey a = store.Put("the object of a");
        StoreKey b = store.Put("the object of b");

        File.Copy(Path.Join(directory, a.Id), Path.Join(directory, b.Id), overwrite: true);

        Assert.Contains("damaged", Assert.Throws<StoreSerializationException>(() => store.Get<string>(b)).Message);
        Assert.Equal("the object of a", store.Get<string>(a));
    }

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public async Task Frames_of_a_batch_are_bound_to_their_keys_too(string connector)
    {
        using var store = new Store(UniqueNames.Store("bound-batch-" + connector), ConnectorCases.Create(connector, _dir), cacheSize: 0);
        var deferrable = (IDeferrableConnector)store.Connector;
        IReadOnlyList<StoreKey> keys = store.PutBatch(new[] { "a", "b" });
        IReadOnlyList<StoreKey> asyncKeys = await store.PutBatchAsync(new[] { "c" });
        StoreKey other = deferrable.NewKey(64);

        deferrable.Set(other, store.Connector.Get(keys[0])!);

        Assert.Equal("a", store.Get<string>(keys[0]));
        Assert.Equal("b", store.Get<string>(keys[1]));
        Assert.Equal("c", store.Get<string>(asyncKeys[0]));
        Assert.Contains("damaged", Assert.Throws<StoreSerializationException>(() => store.Get<string>(other)).Message);
    }
}

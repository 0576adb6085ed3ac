using ProxyStore.Connectors;
using ProxyStore.Serialization;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Serialization;

/// <summary>
/// Every stored object carries its length and checksum: a truncated, extended or overwritten
/// object is a <see cref="StoreSerializationException"/> naming store and key, never a value
/// of the wrong length or content.
/// </summary>
public sealed class StoredFrameTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Store _store;

    public StoredFrameTests()
    {
        _store = new Store(UniqueNames.Store("frames"), new FileConnector(_dir.Sub("objects")), cacheSize: 0);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    private string FileOf(StoreKey key) => Path.Join(((FileConnector)_store.Connector).StoreDirectory, key.Id);

    public static TheoryData<string, string> Damages => new()
    {
        { "bytes", "half" },
        { "bytes", "one-short" },
        { "bytes", "extended" },
        { "bytes", "flipped" },
        { "bytes", "header" },
        { "string", "half" },
        { "string", "extended" },
        { "string", "flipped" },
        { "record", "flipped" },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void Damaged_objects_are_refused_with_store_and_key(string kind, string damage)
    {
        byte[] payload = Enumerable.Range(0, 1000).Select(i => (byte)(i * 31)).ToArray();
        StoreKey key = kind switch
        {
            "bytes" => _store.Put(payload),
            "string" => _store.Put(new string('x', 500) + "\u00e9\u4e2d"),
            _ => _store.Put(new Reading(3.25, DateTimeOffset.UnixEpoch)),
        };
        byte[] stored = File.ReadAllBytes(FileOf(key));
        byte[] damaged = damage switch
        {
            "half" => stored[..(stored.Length / 2)],
            "one-short" => stored[..^1],
            "extended" => [.. stored, 0, 0, 0],
            "flipped" => Flip(stored, stored.Length - 5),
            _ => Flip(stored, 0),
        };
        File.WriteAllBytes(FileOf(key), damaged);

        var e = Assert.Throws<StoreSerializationException>(() => _store.Get<object>(key));

        Assert.Contains(_store.Name, e.Message);
        Assert.Contains(key.ToString(), e.Message);
        Assert.Contains("damaged", e.Message);
        Assert.All(e.Message, c => Assert.False(char.IsControl(c), $"the message holds the control character {(int)c}"));
        Assert.False(_store.IsCached(key));
    }

    [Fact]
    public void A_whole_object_still_reads_back_after_a_damaged_one_was_refused()
    {
        StoreKey good = _store.Put(new byte[] { 1, 2, 3 });
        StoreKey bad = _store.Put(new byte[] { 4, 5, 6 });
        File.WriteAllBytes(FileOf(bad), File.ReadAllBytes(FileOf(bad))[..^1]);

        Assert.Throws<StoreSerializationException>(() => _store.Get<byte[]>(bad));
        Assert.Equal([1, 2, 3], _store.Get<byte[]>(good));
    }

    [Fact]
    public void Bytes_another_program_wrote_are_refused_without_echoing_them()
    {
        StoreKey key = _store.Connector.Put("\u0001\u0002binary junk from elsewhere\u0000\u001b[31m"u8.ToArray());

        var e = Assert.Throws<StoreSerializationException>(() => _store.Get<string>(key));

        Assert.DoesNotContain("junk", e.Message);
        Assert.Contains(key.ToString(), e.Message);
    }

    [Fact]
    public void An_object_written_through_a_custom_serializer_is_framed_too()
    {
        using var store = new Store(UniqueNames.Store("custom-frames"), new FileConnector(_dir.Sub("custom")), serializer: new XorSerializer(), cacheSize: 0);
        StoreKey key = store.Put("payload");
        string file = Path.Join(((FileConnector)store.Connector).StoreDirectory, key.Id);
        File.WriteAllBytes(file, Flip(File.ReadAllBytes(file), StoredFrame.HeaderSize + 2));

        Assert.Throws<StoreSerializationException>(() => store.Get<string>(key));
    }

    private static byte[] Flip(byte[] bytes, int index)
    {
        byte[] copy = [.. bytes];
        copy[index] ^= 0x5A;
        return copy;
    }
}

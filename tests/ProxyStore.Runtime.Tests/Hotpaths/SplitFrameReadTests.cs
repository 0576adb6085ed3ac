using ProxyStore.Connectors;
using ProxyStore.Serialization;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Hotpaths;

/// <summary>
/// A file get of a large byte array reads the frame's header apart and the array straight into
/// the caller's array, and a put writes the header and the caller's array with one gathering
/// write (issue 19). The frame is still checked whole, every type a byte array is read as gets
/// the same bytes, and what is not a byte array is read as before.
/// </summary>
public sealed class SplitFrameReadTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FileConnector _connector;
    private readonly Store _store;

    public SplitFrameReadTests()
    {
        _connector = new FileConnector(_directory.Sub("store"));
        _store = new Store(UniqueNames.Store("split-read"), _connector, cacheSize: 0, metrics: true);
    }

    public void Dispose()
    {
        _store.Dispose();
        _directory.Dispose();
    }

    [Theory]
    [InlineData(64 * 1024 - 18)]   // the frame one byte short of a split read
    [InlineData(64 * 1024 - 17)]   // the first frame read in two parts
    [InlineData(3 * 1024 * 1024 + 5)]
    public async Task Byte_arrays_on_either_side_of_the_split_come_back_exact_as_every_type_they_are_read_as(int size)
    {
        byte[] value = Bytes(size, seed: size);
        StoreKey key = _store.Put(value);

        Assert.Equal(value, _store.Get<byte[]>(key));
        Assert.Equal(value, await _store.GetAsync<byte[]>(key));
        Assert.Equal(value, _store.Get<ReadOnlyMemory<byte>>(key).ToArray());
        Assert.Equal(value, (await _store.GetAsync<Memory<byte>>(key)).ToArray());
        Assert.Equal(value, _store.Get<IList<byte>>(key));
        Assert.Equal(value, _store.Get<IReadOnlyList<byte>>(key));
        Assert.Equal(size + 17, (long)_store.Metrics!.GetMetrics(key)!.Attributes[MetricNames.GetObjectSize]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_large_array_written_from_two_parts_is_the_file_one_framed_whole_would_be(bool async)
    {
        // Puts of large arrays write the frame's head and the caller's array with one gathering
        // write; the file must be the frame any reader (another process, another version) expects.
        byte[] value = Bytes(300_000, seed: 5);
        StoreKey key = async ? await _store.PutAsync(new ReadOnlyMemory<byte>(value)) : _store.Put(value);

        byte[] expected = ProxyStore.StoredFrame.Wrap(DefaultSerializer.Instance.Serialize(value));
        ProxyStore.StoredFrame.Seal(expected, key);
        Assert.Equal(expected, File.ReadAllBytes(PathOf(key)));
        Assert.Equal(value.Length + 17, (long)_store.Metrics!.GetMetrics(key)!.Attributes[MetricNames.PutObjectSize]);
    }

    [Fact]
    public async Task A_cached_split_get_hands_each_caller_its_own_array()
    {
        using var store = new Store(UniqueNames.Store("split-read-cached"), new FileConnector(_directory.Sub("cached")));
        byte[] value = Bytes(1 << 20, seed: 3);
        StoreKey key = await store.PutAsync(value);

        byte[] first = store.Get<byte[]>(key)!;
        first[0] ^= 0xFF;

        Assert.True(store.IsCached(key));
        Assert.Equal(value, store.Get<byte[]>(key));
        Assert.Equal(value, await store.GetAsync<byte[]>(key));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_byte_changed_on_disk_in_a_large_array_is_refused_by_its_checksum(bool async)
    {
        byte[] value = Bytes(1 << 20, seed: 7);
        StoreKey key = _store.Put(value);
        string path = PathOf(key);
        byte[] stored = File.ReadAllBytes(path);
        stored[^100] ^= 0x01;
        File.WriteAllBytes(path, stored);

        var error = async
            ? await Assert.ThrowsAsync<StoreSerializationException>(async () => await _store.GetAsync<byte[]>(key))
            : Assert.Throws<StoreSerializationException>(() => _store.Get<byte[]>(key));

        Assert.Contains(key.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_large_file_with_a_damaged_header_is_refused_as_damaged()
    {
        StoreKey key = _store.Put(Bytes(1 << 20, seed: 9));
        string path = PathOf(key);
        using (FileStream file = File.OpenWrite(path))
        {
            file.WriteByte((byte)'Q');
        }

        var error = Assert.Throws<StoreSerializationException>(() => _store.Get<byte[]>(key));
        Assert.Contains("does not start with a ProxyStore frame", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_large_object_that_is_not_a_byte_array_is_read_as_before_and_refused_as_bytes()
    {
        string text = new('x', 1 << 20);
        var numbers = Enumerable.Range(0, 100_000).Select(i => (byte)i).ToList();
        StoreKey textKey = _store.Put(text);
        StoreKey listKey = _store.Put(numbers);

        Assert.Equal(text, _store.Get<string>(textKey));
        Assert.Equal(numbers, _store.Get<List<byte>>(listKey));
        Assert.Equal(numbers, await _store.GetAsync<IList<byte>>(listKey));
        var error = Assert.Throws<InvalidCastException>(() => _store.Get<byte[]>(textKey));
        Assert.Contains(textKey.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("System.Byte[]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_key_is_missing_on_the_split_path()
    {
        StoreKey key = _store.Put(Bytes(1 << 20, seed: 11));
        _store.Evict(key);

        Assert.Null(_store.Get<byte[]>(key));
        Assert.False(_store.TryGet(key, out IList<byte>? _));
    }

    private string PathOf(StoreKey key) =>
        Directory.GetFiles(_connector.StoreDirectory).Single(f => f.Contains(key.Id, StringComparison.Ordinal));

    private static byte[] Bytes(int size, int seed)
    {
        var value = new byte[size];
        new Random(seed).NextBytes(value);
        return value;
    }
}

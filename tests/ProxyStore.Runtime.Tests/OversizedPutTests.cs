using System.Globalization;
using ProxyStore.Connectors;
using ProxyStore.Serialization;
using ProxyStore.Tests.Redis;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests;

/// <summary>
/// A put of what could not be read back is refused before anything is written, with the limit
/// in the message: an object whose frame is larger than one byte array (a get reads a frame into
/// one), or larger than Redis takes as one value. The arrays are allocated uninitialized and never
/// touched, so they cost address space, not memory.
/// </summary>
[Collection(IsolatedCollection.Name)]
public sealed class OversizedPutTests : IDisposable
{
    private const long RedisLimit = 512L * 1024 * 1024;

    // A frame is the 16-byte header, the serializer's 1-byte tag for raw bytes, then the bytes.
    private const int FrameOverhead = 17;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("local", false)]
    [InlineData("local", true)]
    [InlineData("file", false)]
    [InlineData("file", true)]
    public async Task A_byte_array_whose_frame_exceeds_one_array_is_refused_naming_the_limit_and_nothing_is_written(string kind, bool async)
    {
        // The largest array there is; with its frame it is 17 bytes too many to read back.
        byte[] huge = GC.AllocateUninitializedArray<byte>(Array.MaxLength - 16);
        string directory = _dir.Sub("store");
        using var store = new Store(UniqueNames.Store("oversized"), kind == "file" ? new FileConnector(directory) : new LocalConnector(), cacheSize: 0);

        StoreSerializationException e = await Assert.ThrowsAsync<StoreSerializationException>(async () => _ = async ? await store.PutAsync(huge) : store.Put(huge));

        Assert.Contains($"'{store.Name}'", e.Message, StringComparison.Ordinal);
        Assert.Contains(Bytes(Array.MaxLength - 16L + FrameOverhead), e.Message, StringComparison.Ordinal);
        Assert.Contains(Bytes(Array.MaxLength), e.Message, StringComparison.Ordinal);
        Assert.Contains("Array.MaxLength", e.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was stored", e.Message, StringComparison.Ordinal);
        if (kind == "file")
        {
            Assert.Empty(Directory.GetFileSystemEntries(directory));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_byte_array_larger_than_a_Redis_value_is_refused_naming_the_512_MB_limit_and_nothing_is_written(bool async)
    {
        byte[] large = GC.AllocateUninitializedArray<byte>((int)(RedisLimit - FrameOverhead + 1));
        using RedisConnector connector = RedisTestServer.NewConnector();
        using var store = new Store(UniqueNames.Store("oversized-redis"), connector, cacheSize: 0);

        StoreSerializationException e = await Assert.ThrowsAsync<StoreSerializationException>(async () => _ = async ? await store.PutAsync(large) : store.Put(large));

        Assert.Contains($"'{store.Name}'", e.Message, StringComparison.Ordinal);
        Assert.Contains(Bytes(RedisLimit + 1), e.Message, StringComparison.Ordinal);
        Assert.Contains(Bytes(RedisLimit), e.Message, StringComparison.Ordinal);
        Assert.Contains("512 MB", e.Message, StringComparison.Ordinal);
        Assert.Contains("proto-max-bulk-len", e.Message, StringComparison.Ordinal);
        Assert.Empty(RedisTestServer.KeysUnder(connector.KeyPrefix));

        // The connector refuses a value over the limit itself, asked directly: alone or in a batch, where nothing of the batch is written.
        byte[] tooLarge = GC.AllocateUninitializedArray<byte>((int)RedisLimit + 1);
        ArgumentException direct = async
            ? await Assert.ThrowsAsync<ArgumentException>(async () => await connector.PutAsync(tooLarge))
            : Assert.Throws<ArgumentException>(() => connector.Put(tooLarge));
        Assert.Contains("512 MB", direct.Message, StringComparison.Ordinal);
        Assert.Contains(Bytes(RedisLimit), direct.Message, StringComparison.Ordinal);
        Assert.Contains(connector.ToString(), direct.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => connector.PutBatch([new byte[1], tooLarge]));
        Assert.Empty(RedisTestServer.KeysUnder(connector.KeyPrefix));
    }

    private static string Bytes(long count) => count.ToString("N0", CultureInfo.InvariantCulture);
}

using System.Runtime.InteropServices;
using ProxyStore.Connectors;
using ProxyStore.Serialization;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Hotpaths;

/// <summary>
/// Issue 19's large-value guarantees as allocation bounds on the calling thread (deterministic,
/// not timings): a put and a get make at most one copy beyond what the connector itself holds or
/// reads, and a store lets go of what it cached when it is disposed.
/// </summary>
public sealed class LargeValueTests
{
    // Larger than Store.DefaultCacheBytes, so a get does not also cache it.
    private const int Size = 80 * 1024 * 1024;

    // Large enough to be framed in a pooled buffer, and below the largest buffer kept between uses.
    private const int PooledSize = 16 * 1024 * 1024;

    private static readonly byte[] Value = MakeValue();

    [Fact]
    public void A_local_put_copies_a_large_array_once_and_a_get_once()
    {
        using var store = new Store(UniqueNames.Store("large-local"), new LocalConnector());
        byte[] value = Value;

        (StoreKey key, long put) = Allocating(() => store.Put(value));
        (byte[]? got, long get) = Allocating(() => store.Get<byte[]>(key));

        // The put's one copy is the frame the connector keeps; the get's is the caller's array.
        Assert.InRange(put, Size, Size * 1.1);
        Assert.InRange(get, Size, Size * 1.1);
        Assert.True(value.AsSpan().SequenceEqual(got), "the value read back differs");
        Assert.False(store.IsCached(key));
    }

    [Fact]
    public void The_local_connector_keeps_the_frame_apart_from_the_callers_array()
    {
        using var store = new Store(UniqueNames.Store("large-local-owned"), new LocalConnector());
        byte[] value = [1, 2, 3];
        StoreKey key = store.Put(value);
        value[0] = 9;
        byte[] first = store.Get<byte[]>(key)!;
        first[1] = 9;

        Assert.Equal(new byte[] { 1, 2, 3 }, store.Get<byte[]>(key));
    }

    [Fact]
    public void A_file_put_writes_a_large_array_from_the_callers_memory_and_a_get_reads_it_into_the_callers_array()
    {
        using var directory = new TempDirectory();
        using var store = new Store(UniqueNames.Store("large-file"), new FileConnector(directory.Sub("store")));
        byte[] value = Value;

        (StoreKey key, long put) = Allocating(() => store.Put(value));
        (byte[]? got, long get) = Allocating(() => store.Get<byte[]>(key));

        // Beyond the largest reused frame buffer, a put framed the array in a new one (1x) and a
        // get read the file into an array of its own and copied it out (2x); the file is now
        // written from the caller's array and read straight into the caller's new one.
        Assert.InRange(put, 0, Size / 100);
        Assert.InRange(get, Size, Size * 1.1);
        Assert.True(value.AsSpan().SequenceEqual(got), "the value read back differs");
    }

    [Fact]
    public void A_file_put_of_a_large_array_copies_nothing_and_a_get_allocates_only_the_callers_array()
    {
        using var directory = new TempDirectory();
        using var store = new Store(UniqueNames.Store("large-file-pooled"), new FileConnector(directory.Sub("store")), cacheSize: 0);
        byte[] value = Value.AsSpan(0, PooledSize).ToArray();
        store.Evict(store.Put(value));   // the first large put may allocate the buffer the next ones reuse

        (StoreKey key, long put) = Allocating(() => store.Put(value));
        (byte[]? got, long get) = Allocating(() => store.Get<byte[]>(key));

        // The file is written from the caller's array; the get's one array is the caller's.
        Assert.InRange(put, 0, PooledSize / 100);
        Assert.InRange(get, PooledSize, PooledSize * 1.05);
        Assert.True(value.AsSpan().SequenceEqual(got), "the value read back differs");
    }

    [Fact]
    public async Task Concurrent_large_puts_and_gets_through_pooled_frames_keep_every_value_exact()
    {
        using var directory = new TempDirectory();
        using var store = new Store(UniqueNames.Store("large-file-concurrent"), new FileConnector(directory.Sub("store")));
        byte[][] values = [.. Enumerable.Range(0, 6).Select(i => Value.AsSpan(i * 1024, (2 << 20) + (i * 4099)).ToArray())];

        await Task.WhenAll(values.Select((value, i) => Task.Run(async () =>
        {
            for (int round = 0; round < 4; round++)
            {
                StoreKey key = round % 2 == 0 ? await store.PutAsync(value) : store.Put(value);
                byte[]? back = round % 2 == 0 ? store.Get<byte[]>(key) : await store.GetAsync<byte[]>(key);
                Assert.True(value.AsSpan().SequenceEqual(back), $"value {i} differs after round {round}");
                await store.EvictAsync(key);
            }
        })));
    }

    [Fact]
    public async Task A_users_connector_that_keeps_the_memory_it_is_given_keeps_every_large_value_exact()
    {
        using var store = new Store(UniqueNames.Store("large-keeping"), new KeepingConnector(), cacheSize: 0);
        byte[] first = Value.AsSpan(0, PooledSize).ToArray();
        byte[] second = Value.AsSpan(1, PooledSize).ToArray();

        StoreKey firstKey = store.Put(first);
        StoreKey secondKey = await store.PutAsync(second);

        Assert.True(first.AsSpan().SequenceEqual(store.Get<byte[]>(firstKey)), "the first value changed after the second put");
        Assert.True(second.AsSpan().SequenceEqual(store.Get<byte[]>(secondKey)), "the second value differs");
    }

    [Fact]
    public async Task A_file_frame_cut_short_after_it_was_written_is_refused_on_the_async_path_too()
    {
        using var directory = new TempDirectory();
        var connector = new FileConnector(directory.Sub("store"));
        using var store = new Store(UniqueNames.Store("large-file-cut"), connector, cacheSize: 0);
        StoreKey key = await store.PutAsync(Value.AsSpan(0, PooledSize).ToArray());
        string path = Directory.GetFiles(connector.StoreDirectory).Single(f => f.Contains(key.Id, StringComparison.Ordinal));
        using (FileStream file = File.OpenWrite(path))
        {
            file.SetLength(PooledSize / 2);
        }

        var error = await Assert.ThrowsAsync<StoreSerializationException>(async () => await store.GetAsync<byte[]>(key));
        Assert.Contains(key.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_proxy_that_evicts_on_resolution_is_not_cached_so_resolving_it_copies_the_array_once()
    {
        using var store = new Store(UniqueNames.Store("large-evicting-proxy"), new LocalConnector(), register: true);
        byte[] value = Value.AsSpan(0, PooledSize).ToArray();
        IList<byte> evicting = store.Proxy<IList<byte>>(value, evict: true);
        IList<byte> kept = store.Proxy<IList<byte>>(value);

        (_, long resolveEvicting) = Allocating(() => { Proxies.Resolve(evicting); return 0; });
        (_, long resolveKept) = Allocating(() => { Proxies.Resolve(kept); return 0; });

        // The caller's array only; the kept proxy's get also copies the array for the cache.
        Assert.InRange(resolveEvicting, PooledSize, PooledSize * 1.05);
        Assert.InRange(resolveKept, PooledSize * 2, PooledSize * 2.1);
        Assert.False(store.IsCached(Proxies.GetKey(evicting)));
        Assert.True(store.IsCached(Proxies.GetKey(kept)));
        Assert.Equal(value[^1], evicting[^1]);
        Assert.Equal(value[^1], kept[^1]);
    }

    [Fact]
    public void Disposing_a_store_lets_go_of_what_its_cache_held()
    {
        var store = new Store(UniqueNames.Store("large-dispose"), new LocalConnector());
        StoreKey key = store.Put(new byte[4 * 1024 * 1024]);
        WeakReference cached = CachedArray(store, key);
        GC.Collect();
        Assert.True(cached.IsAlive);

        store.Dispose();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(cached.IsAlive);
    }

    [Fact]
    public void A_value_larger_than_the_cache_bound_is_not_cached_and_a_small_one_is()
    {
        using var store = new Store(UniqueNames.Store("large-bound"), new LocalConnector());
        StoreKey large = store.Put(new byte[(int)Store.DefaultCacheBytes]);
        StoreKey small = store.Put(new byte[1024]);

        store.Get<byte[]>(large);
        store.Get<byte[]>(small);

        Assert.False(store.IsCached(large));
        Assert.True(store.IsCached(small));
    }

    // A get as ReadOnlyMemory<byte> shares the cached array: a weak reference to it tells
    // whether the cache still holds it. Not inlined, so no local keeps it alive.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference CachedArray(Store store, StoreKey key)
    {
        ReadOnlyMemory<byte> shared = store.Get<ReadOnlyMemory<byte>>(key);
        Assert.True(store.IsCached(key));
        Assert.True(MemoryMarshal.TryGetArray(shared, out ArraySegment<byte> segment));
        return new WeakReference(segment.Array);
    }

    private static (T Result, long Allocated) Allocating<T>(Func<T> action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        T result = action();
        return (result, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static byte[] MakeValue()
    {
        var value = new byte[Size];
        new Random(19).NextBytes(value);
        return value;
    }
}

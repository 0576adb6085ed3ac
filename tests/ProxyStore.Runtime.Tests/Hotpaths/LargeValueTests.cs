using System.Runtime.InteropServices;
using ProxyStore.Connectors;
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
    public void A_file_put_copies_a_large_array_once_and_a_get_reads_it_and_copies_once()
    {
        using var directory = new TempDirectory();
        using var store = new Store(UniqueNames.Store("large-file"), new FileConnector(directory.Sub("store")));
        byte[] value = Value;

        (StoreKey key, long put) = Allocating(() => store.Put(value));
        (byte[]? got, long get) = Allocating(() => store.Get<byte[]>(key));

        Assert.InRange(put, Size, Size * 1.1);
        Assert.InRange(get, Size, Size * 2.1);
        Assert.True(value.AsSpan().SequenceEqual(got), "the value read back differs");
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

namespace ProxyStore.Tests.Hotpaths;

/// <summary>The cache's bound in bytes beside its bound in entries (issue 19).</summary>
public sealed class LruCacheBytesTests
{
    [Fact]
    public void Evicts_the_least_recently_used_values_until_the_new_one_fits()
    {
        var cache = new LruCache<string, int>(capacity: 10, maxBytes: 100);
        cache.Set("a", 1, 40);
        cache.Set("b", 2, 40);
        Assert.True(cache.TryGet("a", out _));

        cache.Set("c", 3, 50);

        Assert.False(cache.Contains("b"));
        Assert.True(cache.Contains("a"));
        Assert.True(cache.Contains("c"));
        Assert.Equal(90, cache.Bytes);
    }

    [Fact]
    public void A_value_larger_than_the_bound_is_not_kept_and_removes_the_keys_old_value()
    {
        var cache = new LruCache<string, int>(capacity: 10, maxBytes: 100);
        cache.Set("small", 1, 10);
        cache.Set("key", 2, 10);

        cache.Set("key", 3, 101);
        Assert.False(cache.SetIfUnchanged("other", 4, cache.Generation, 101));

        Assert.False(cache.Contains("key"));
        Assert.False(cache.Contains("other"));
        Assert.True(cache.Contains("small"));
        Assert.Equal(10, cache.Bytes);
    }

    [Fact]
    public void Replacing_evicting_and_clearing_keep_the_byte_count()
    {
        var cache = new LruCache<string, int>(capacity: 10, maxBytes: 1_000);
        cache.Set("a", 1, 100);
        cache.Set("a", 2, 300);
        cache.Set("b", 3, 200);
        Assert.Equal(500, cache.Bytes);

        cache.Evict("a");
        Assert.Equal(200, cache.Bytes);

        cache.Clear();
        Assert.Equal(0, cache.Bytes);
    }

    [Fact]
    public void The_entry_bound_still_holds_and_values_without_a_size_take_no_bytes()
    {
        var cache = new LruCache<string, int>(capacity: 2, maxBytes: 1_000);
        cache.Set("a", 1);
        cache.Set("b", 2, 10);
        cache.Set("c", 3);

        Assert.False(cache.Contains("a"));
        Assert.Equal(10, cache.Bytes);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void Bad_bounds_and_sizes_are_refused()
    {
        Assert.Equal("maxBytes", Assert.Throws<ArgumentOutOfRangeException>(() => new LruCache<string, int>(1, -1)).ParamName);
        var cache = new LruCache<string, int>(1, 10);
        Assert.Equal("bytes", Assert.Throws<ArgumentOutOfRangeException>(() => cache.Set("a", 1, -1)).ParamName);
        Assert.Equal(long.MaxValue, new LruCache<string, int>(1).MaxBytes);
    }
}

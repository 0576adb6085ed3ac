namespace ProxyStore.Tests;

/// <summary>LruCache: a port of ProxyStore's tests/store/cache_test.py, plus what the C# cache adds.</summary>
public sealed class LruCacheTests
{
    [Fact]
    public void Negative_capacity_is_rejected()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new LruCache<string, int>(-1));
        Assert.Equal("capacity", e.ParamName);
    }

    [Fact]
    public void Evicts_the_least_recently_used_value()
    {
        var cache = new LruCache<string, int>(4);
        for (int i = 1; i <= 4; i++)
        {
            cache.Set(i.ToString(), i);
        }

        // Reading 4, 3, 2, 1 leaves 4 the least recently used.
        for (int i = 4; i >= 1; i--)
        {
            Assert.True(cache.TryGet(i.ToString(), out int value));
            Assert.Equal(i, value);
        }

        cache.Set("5", 5);

        Assert.True(cache.Contains("1"));
        Assert.False(cache.Contains("4"));
        Assert.True(cache.Contains("5"));
        Assert.Equal(4, cache.Count);
        Assert.False(cache.TryGet("Fake Key", out int missing));
        Assert.Equal(0, missing);
    }

    [Fact]
    public void Evicting_a_missing_key_is_harmless()
    {
        var cache = new LruCache<string, int>(1);
        cache.Set("1", 1);
        Assert.True(cache.Contains("1"));

        Assert.True(cache.Evict("1"));
        Assert.False(cache.Contains("1"));
        Assert.False(cache.Evict("1"));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Capacity_zero_keeps_nothing()
    {
        var cache = new LruCache<string, string>(0);
        cache.Set("a", "value");

        Assert.False(cache.Contains("a"));
        Assert.False(cache.TryGet("a", out _));
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Capacity);
    }

    [Fact]
    public void Setting_an_existing_key_replaces_the_value_and_marks_it_recently_used()
    {
        var cache = new LruCache<string, int>(2);
        cache.Set("a", 1);
        cache.Set("b", 2);
        cache.Set("a", 10); // a is now most recently used; b is next out
        cache.Set("c", 3);

        Assert.True(cache.TryGet("a", out int a));
        Assert.Equal(10, a);
        Assert.False(cache.Contains("b"));
        Assert.True(cache.Contains("c"));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void Contains_does_not_change_the_order_of_use()
    {
        var cache = new LruCache<string, int>(2);
        cache.Set("a", 1);
        cache.Set("b", 2);

        Assert.True(cache.Contains("a")); // a stays least recently used
        cache.Set("c", 3);

        Assert.False(cache.Contains("a"));
        Assert.True(cache.Contains("b"));
        Assert.True(cache.Contains("c"));
    }

    [Fact]
    public void Counts_hits_and_misses()
    {
        var cache = new LruCache<int, int>(2);
        cache.Set(1, 1);

        cache.TryGet(1, out _);
        cache.TryGet(1, out _);
        cache.TryGet(2, out _);
        cache.Contains(2); // not a lookup

        Assert.Equal(2, cache.Hits);
        Assert.Equal(1, cache.Misses);
    }

    [Fact]
    public void Clear_removes_everything()
    {
        var cache = new LruCache<int, string>(3);
        cache.Set(1, "a");
        cache.Set(2, "b");

        cache.Clear();

        Assert.Equal(0, cache.Count);
        Assert.False(cache.Contains(1));
        cache.Set(3, "c");
        Assert.True(cache.TryGet(3, out string? c));
        Assert.Equal("c", c);
    }

    [Fact]
    public void Any_capacity_up_to_int_max_works()
    {
        // Capacity is a bound, not a size to allocate up front.
        var cache = new LruCache<int, int>(int.MaxValue);
        cache.Set(1, 10);

        Assert.True(cache.TryGet(1, out int value));
        Assert.Equal(10, value);
        Assert.Equal(int.MaxValue, cache.Capacity);
    }

    [Fact]
    public void Null_values_are_cached_values()
    {
        var cache = new LruCache<int, string?>(1);
        cache.Set(1, null);

        Assert.True(cache.TryGet(1, out string? value));
        Assert.Null(value);
    }
}

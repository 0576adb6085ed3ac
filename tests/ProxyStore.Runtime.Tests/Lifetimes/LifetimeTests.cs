using Microsoft.Extensions.Time.Testing;
using ProxyStore.Connectors;
using ProxyStore.Tests.Proxying;
using ProxyStore.Tests.Redis;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Lifetimes;

/// <summary>
/// Lifetimes (ProxyStore's tests/store/lifetimes_test.py, in our own words): closing a lifetime
/// evicts what it holds, a closed one refuses keys and makes the store refuse puts before
/// storing, leases expire on their clock, and the static lifetime evicts at process exit.
/// Run against a LocalConnector, a FileConnector over real files, and a real Redis.
/// </summary>
public sealed class LifetimeTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<Store> _stores = [];

    public static TheoryData<string> Connectors => new() { "local", "file", "redis" };

    public void Dispose()
    {
        foreach (Store store in _stores)
        {
            store.Dispose();
        }

        _dir.Dispose();
    }

    private Store NewStore(string connector, bool metrics = false)
    {
        IConnector c = connector switch
        {
            "file" => new FileConnector(_dir.Sub(Guid.NewGuid().ToString("N"))),
            "redis" => RedisTestServer.NewConnector(),
            _ => new LocalConnector(),
        };
        var store = new Store(UniqueNames.Store("lifetime"), c, metrics: metrics, register: true);
        _stores.Add(store);
        return store;
    }

    [Theory]
    [MemberData(nameof(Connectors))]
    public void A_context_scope_evicts_its_objects_when_disposed(string connector)
    {
        Store store = NewStore(connector);
        StoreKey outside = store.Put("outside");
        StoreKey single, proxied;
        IReadOnlyList<StoreKey> batch;
        using (var scope = new ContextLifetime(store))
        {
            single = store.Put("one", lifetime: scope);
            batch = store.PutBatch(["two", "three"], lifetime: scope);
            proxied = Proxies.GetKey(store.Proxy<IDataset>(ProxyTestStore.SampleData(), lifetime: scope));
            Assert.False(scope.IsDone);
            Assert.True(store.Exists(single));
            Assert.All(batch, key => Assert.True(store.Exists(key)));
            Assert.True(store.Exists(proxied));
        }

        Assert.False(store.Exists(single));
        Assert.All(batch, key => Assert.False(store.Exists(key)));
        Assert.False(store.Exists(proxied));
        Assert.True(store.Exists(outside));
    }

    [Theory]
    [MemberData(nameof(Connectors))]
    public async Task The_async_overloads_hand_their_keys_over_and_DisposeAsync_evicts(string connector)
    {
        Store store = NewStore(connector);
        StoreKey single;
        IReadOnlyList<StoreKey> batch;
        StoreKey proxied;
        IReadOnlyList<IDataset> proxies;
        await using (var scope = new ContextLifetime(store))
        {
            single = await store.PutAsync("one", lifetime: scope);
            batch = await store.PutBatchAsync(["two", "three"], lifetime: scope);
            proxied = Proxies.GetKey(await store.ProxyAsync<IDataset>(ProxyTestStore.SampleData(), lifetime: scope));
            proxies = await store.ProxyBatchAsync<IDataset>([ProxyTestStore.SampleData("x"), ProxyTestStore.SampleData("y")], lifetime: scope);
        }

        StoreKey[] all = [single, .. batch, proxied, .. proxies.Select(Proxies.GetKey)];
        Assert.Equal(6, all.Distinct().Count());
        Assert.All(all, key => Assert.False(store.Exists(key)));
    }

    [Theory]
    [MemberData(nameof(Connectors))]
    public void ProxyBatch_hands_every_key_over(string connector)
    {
        Store store = NewStore(connector);
        var scope = new ContextLifetime(store);
        IReadOnlyList<IDataset> proxies = store.ProxyBatch<IDataset>([ProxyTestStore.SampleData("x"), ProxyTestStore.SampleData("y")], lifetime: scope);
        scope.Close();
        Assert.All(proxies, p => Assert.False(store.Exists(Proxies.GetKey(p))));
    }

    [Theory]
    [MemberData(nameof(Connectors))]
    public void A_closed_lifetime_is_refused_and_nothing_is_stored(string connector)
    {
        // The FileConnector shows "nothing stored" as files: none may appear.
        Store store = NewStore(connector, metrics: true);
        var scope = new ContextLifetime(store);
        scope.Close();
        scope.Close(); // closing again does nothing

        var errors = new List<InvalidOperationException>
        {
            Assert.Throws<InvalidOperationException>(() => store.Put("x", lifetime: scope)),
            Assert.Throws<InvalidOperationException>(() => store.PutBatch(["x"], lifetime: scope)),
            Assert.Throws<InvalidOperationException>(() => store.Proxy<IDataset>(ProxyTestStore.SampleData(), lifetime: scope)),
            Assert.Throws<InvalidOperationException>(() => store.ProxyBatch<IDataset>([ProxyTestStore.SampleData()], lifetime: scope)),
            Assert.Throws<InvalidOperationException>(() => scope.AddKey(new StoreKey("k"))),
        };
        Assert.All(errors, e => Assert.Contains(scope.ToString(), e.Message, StringComparison.Ordinal));
        Assert.Contains("ContextLifetime#", scope.ToString(), StringComparison.Ordinal);
        Assert.Empty(store.Metrics!.AggregateTimes());
        if (connector == "file")
        {
            Assert.Empty(Directory.EnumerateFiles(_dir.Path, "*", SearchOption.AllDirectories));
        }
    }

    [Fact]
    public async Task A_closed_lifetime_is_refused_by_the_async_overloads()
    {
        Store store = NewStore("local", metrics: true);
        var scope = new ContextLifetime(store);
        await scope.CloseAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.PutAsync("x", lifetime: scope));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.PutBatchAsync(["x"], lifetime: scope));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.ProxyAsync<IDataset>(ProxyTestStore.SampleData(), lifetime: scope));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.ProxyBatchAsync<IDataset>([ProxyTestStore.SampleData()], lifetime: scope));
        Assert.Empty(store.Metrics!.AggregateTimes());
    }

    [Fact]
    public void A_lifetime_of_another_store_is_refused_naming_both_and_nothing_is_stored()
    {
        Store mine = NewStore("local", metrics: true);
        Store other = NewStore("local");
        var scope = new ContextLifetime(other);

        var put = Assert.Throws<ArgumentException>(() => mine.Put("x", lifetime: scope));
        Assert.Contains(mine.Name, put.Message, StringComparison.Ordinal);
        Assert.Contains(other.Name, put.Message, StringComparison.Ordinal);
        Assert.Empty(mine.Metrics!.AggregateTimes());

        var key = Assert.Throws<ArgumentException>(() => scope.AddKey(mine, mine.Put("y")));
        Assert.Contains(mine.Name, key.Message, StringComparison.Ordinal);
        Assert.Contains(other.Name, key.Message, StringComparison.Ordinal);

        IDataset proxy = mine.Proxy<IDataset>(ProxyTestStore.SampleData());
        var fromProxy = Assert.Throws<ArgumentException>(() => scope.AddProxy(proxy));
        Assert.Contains(mine.Name, fromProxy.Message, StringComparison.Ordinal);
        Assert.Contains(other.Name, fromProxy.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Connectors))]
    public void AddKey_and_AddProxy_take_keys_put_without_a_lifetime(string connector)
    {
        Store store = NewStore(connector);
        StoreKey key = store.Put("by key");
        IDataset proxy = store.Proxy<IDataset>(ProxyTestStore.SampleData());
        using (var scope = new ContextLifetime(store))
        {
            scope.AddKey(key);
            scope.AddProxy(proxy);
            scope.AddProxy(proxy); // the same key twice is held once
        }

        Assert.False(store.Exists(key));
        Assert.False(store.Exists(Proxies.GetKey(proxy)));
    }

    [Theory]
    [MemberData(nameof(Connectors))]
    public void AddProxy_refuses_what_is_not_a_proxy_of_a_store_and_adds_nothing(string connector)
    {
        Store store = NewStore(connector);
        IDataset proxy = store.Proxy<IDataset>(ProxyTestStore.SampleData());
        var scope = new ContextLifetime(store);

        var error = Assert.Throws<ArgumentException>(() => scope.AddProxy(proxy, "not a proxy"));
        Assert.Contains("Item 1", error.Message, StringComparison.Ordinal);
        scope.Close();
        Assert.True(store.Exists(Proxies.GetKey(proxy)));
    }

    [Theory]
    [MemberData(nameof(Connectors))]
    public void A_lease_evicts_when_it_expires(string connector)
    {
        Store store = NewStore(connector);
        var time = new FakeTimeProvider();
        var lease = new LeaseLifetime(store, TimeSpan.FromMinutes(5), time);
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromMinutes(5), lease.ExpiresAt);
        StoreKey key = store.Put("leased", lifetime: lease);

        time.Advance(TimeSpan.FromMinutes(4));
        Assert.False(lease.IsDone);
        Assert.True(store.Exists(key));

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(lease.IsDone);
        Assert.False(store.Exists(key));
        Assert.Throws<InvalidOperationException>(() => store.Put("late", lifetime: lease));
    }

    [Theory]
    [MemberData(nameof(Connectors))]
    public void Extend_delays_the_expiry(string connector)
    {
        Store store = NewStore(connector);
        var time = new FakeTimeProvider();
        var lease = new LeaseLifetime(store, TimeSpan.FromMinutes(5), time);
        StoreKey key = store.Put("leased", lifetime: lease);

        time.Advance(TimeSpan.FromMinutes(4));
        lease.Extend(TimeSpan.FromMinutes(3));
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromMinutes(4), lease.ExpiresAt);

        time.Advance(TimeSpan.FromMinutes(2)); // past the first expiry
        Assert.False(lease.IsDone);
        Assert.True(store.Exists(key));

        time.Advance(TimeSpan.FromMinutes(2));
        Assert.True(lease.IsDone);
        Assert.False(store.Exists(key));
        var error = Assert.Throws<InvalidOperationException>(() => lease.Extend(TimeSpan.FromMinutes(1)));
        Assert.Contains("LeaseLifetime#", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Connectors))]
    public void Closing_a_lease_before_it_expires_evicts_at_once_and_the_timer_does_nothing_later(string connector)
    {
        Store store = NewStore(connector, metrics: true);
        var time = new FakeTimeProvider();
        var lease = new LeaseLifetime(store, TimeSpan.FromMinutes(5), time);
        StoreKey key = store.Put("leased", lifetime: lease);

        lease.Close();
        Assert.True(lease.IsDone);
        Assert.False(store.Exists(key));
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, store.Metrics!.GetMetrics(key)!.Times[MetricNames.Evict].Count);
        Assert.Throws<InvalidOperationException>(() => lease.Extend(TimeSpan.FromMinutes(1)));
        Assert.Throws<InvalidOperationException>(() => lease.AddKey(key));
    }

    [Theory]
    [MemberData(nameof(Connectors))]
    public void Extend_to_a_time_sets_the_expiry_even_sooner_and_a_past_time_expires_at_once(string connector)
    {
        Store store = NewStore(connector);
        var time = new FakeTimeProvider();
        var lease = new LeaseLifetime(store, TimeSpan.FromMinutes(5), time);
        StoreKey key = store.Put("leased", lifetime: lease);

        lease.Extend(time.GetUtcNow() + TimeSpan.FromMinutes(2));
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromMinutes(2), lease.ExpiresAt);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(store.Exists(key));

        lease.Extend(time.GetUtcNow() - TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.Zero);
        Assert.True(lease.IsDone);
        Assert.False(store.Exists(key));
        Assert.Throws<InvalidOperationException>(() => lease.Extend(time.GetUtcNow() + TimeSpan.FromMinutes(1)));
        Assert.Throws<InvalidOperationException>(() => lease.AddProxy(store.Proxy<IDataset>(ProxyTestStore.SampleData())));
    }

    [Fact]
    public void A_lease_needs_a_positive_expiry()
    {
        Store store = NewStore("local");
        Assert.Throws<ArgumentOutOfRangeException>(() => new LeaseLifetime(store, TimeSpan.Zero));
    }

    [Theory]
    [MemberData(nameof(Connectors))]
    public void Lifetime_evictions_are_recorded_as_store_evict(string connector)
    {
        Store store = NewStore(connector, metrics: true);
        StoreKey key;
        IReadOnlyList<StoreKey> batch;
        using (var scope = new ContextLifetime(store))
        {
            key = store.Put("one", lifetime: scope);
            batch = store.PutBatch(["two", "three"], lifetime: scope);
            Assert.False(store.Metrics!.GetMetrics(key)!.Times.ContainsKey(MetricNames.Evict));
        }

        foreach (StoreKey k in batch.Prepend(key))
        {
            IReadOnlyDictionary<string, TimeStats> times = store.Metrics!.GetMetrics(k)!.Times;
            Assert.Equal(1, times[MetricNames.Evict].Count);
            Assert.Equal(1, times[MetricNames.EvictConnector].Count);
        }
    }

    [Theory]
    [MemberData(nameof(Connectors))]
    public void Evictions_by_owners_and_lifetimes_are_recorded_exactly_as_a_users_evict(string connector)
    {
        Store store = NewStore(connector, metrics: true);
        var time = new FakeTimeProvider();

        StoreKey byUser = store.Put("user");
        store.Evict(byUser);

        Owned<IDataset> owned = store.OwnedProxy<IDataset>(ProxyTestStore.SampleData("owned"));
        owned.Dispose();

        StoreKey byScope;
        using (var scope = new ContextLifetime(store))
        {
            byScope = store.Put("scope", lifetime: scope);
        }

        var lease = new LeaseLifetime(store, TimeSpan.FromMinutes(1), time);
        StoreKey byLease = store.Put("lease", lifetime: lease);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(lease.IsDone);

        IReadOnlyDictionary<string, TimeStats> user = store.Metrics!.GetMetrics(byUser)!.Times;
        string[] evictNames = [.. user.Keys.Where(k => k.StartsWith(MetricNames.Evict, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
        Assert.Contains(MetricNames.Evict, evictNames);
        Assert.Contains(MetricNames.EvictConnector, evictNames);
        foreach (StoreKey key in new[] { owned.Key, byScope, byLease })
        {
            IReadOnlyDictionary<string, TimeStats> times = store.Metrics!.GetMetrics(key)!.Times;
            Assert.Equal(evictNames, times.Keys.Where(k => k.StartsWith(MetricNames.Evict, StringComparison.Ordinal)).Order(StringComparer.Ordinal));
            Assert.All(evictNames, name => Assert.Equal(user[name].Count, times[name].Count));
            Assert.False(store.Exists(key));
        }
    }

    [Fact]
    public void The_static_lifetime_evicts_keys_of_several_stores_at_process_exit()
    {
        Store local = NewStore("local", metrics: true);
        Store file = NewStore("file");
        Store redis = NewStore("redis", metrics: true);
        StaticLifetime lifetime = StaticLifetime.CreateForTests();
        StoreKey a = local.Put("a", lifetime: lifetime);
        StoreKey b = file.Put("b", lifetime: lifetime);
        StoreKey c = redis.Put("c", lifetime: lifetime);
        IDataset proxy = file.Proxy<IDataset>(ProxyTestStore.SampleData());
        lifetime.AddProxy(proxy);
        Assert.Null(lifetime.Store);

        lifetime.OnProcessExit();

        Assert.True(lifetime.IsDone);
        Assert.False(local.Exists(a));
        Assert.False(file.Exists(b));
        Assert.False(file.Exists(Proxies.GetKey(proxy)));
        Assert.False(redis.Exists(c));
        Assert.Equal(1, local.Metrics!.GetMetrics(a)!.Times[MetricNames.Evict].Count);
        Assert.Equal(1, redis.Metrics!.GetMetrics(c)!.Times[MetricNames.Evict].Count);
        Assert.Throws<InvalidOperationException>(() => local.Put("late", lifetime: lifetime));
    }

    [Fact]
    public void The_static_lifetime_needs_the_store_of_a_bare_key_and_skips_disposed_stores_at_exit()
    {
        Store gone = NewStore("local");
        StaticLifetime lifetime = StaticLifetime.CreateForTests();
        Assert.Throws<ArgumentException>(() => lifetime.AddKey(new StoreKey("k")));
        gone.Put("x", lifetime: lifetime);
        gone.Dispose();

        lifetime.OnProcessExit(); // must not throw: the process is ending
        Assert.True(lifetime.IsDone);
    }

    [Fact]
    public void The_static_instance_is_one_open_lifetime_of_no_store()
    {
        Assert.Same(StaticLifetime.Instance, StaticLifetime.Instance);
        Assert.False(StaticLifetime.Instance.IsDone);
        Assert.Null(StaticLifetime.Instance.Store);
    }
}

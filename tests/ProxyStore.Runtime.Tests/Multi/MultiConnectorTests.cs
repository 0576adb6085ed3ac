using System.Text.Json;
using ProxyStore.Connectors;
using ProxyStore.Tests.Redis;

namespace ProxyStore.Tests.Multi;

/// <summary>A port of ProxyStore's tests/connectors/multi_test.py, and routing through a store.</summary>
public sealed class MultiConnectorTests
{
    private static (MultiConnector Multi, LocalConnector C1, LocalConnector C2) FromPolicies(Policy p1, Policy p2, string? hostname = null)
    {
        var c1 = new LocalConnector();
        var c2 = new LocalConnector();
        return (new MultiConnector([new RoutedConnector("c1", c1, p1), new RoutedConnector("c2", c2, p2)], hostname), c1, c2);
    }

    [Fact]
    public void Policy_host_validation()
    {
        Assert.True(new Policy().IsValid());
        Assert.True(new Policy().IsValidOnHost());

        var policy = new Policy { HostPattern = "(testhost|otherhost)" };
        Assert.True(policy.IsValid(hostname: "testhost"));
        Assert.True(policy.IsValidOnHost("otherhost"));
        Assert.False(policy.IsValid(hostname: "thirdhost"));
        Assert.False(policy.IsValidOnHost("thirdhost"));
        Assert.False(policy.IsValidOnHost("testhost.example"));   // the whole name must match

        policy = new Policy { HostPattern = "(texthost|otherhost)|thirdhost" };
        Assert.True(policy.IsValid(hostname: "thirdhost"));
        Assert.True(policy.IsValidOnHost("thirdhost"));

        Assert.True(new Policy { HostPattern = System.Text.RegularExpressions.Regex.Escape(Policy.CurrentHostname) }.IsValidOnHost());
    }

    [Fact]
    public void An_invalid_host_pattern_is_refused_naming_it()
    {
        var e = Assert.Throws<ArgumentException>(() => new Policy { HostPattern = "(unclosed" });

        Assert.Contains("(unclosed", e.Message);
    }

    [Fact]
    public void Policy_size_validation()
    {
        var policy = new Policy { MinSizeBytes = 1, MaxSizeBytes = 100 };

        Assert.True(policy.IsValid());
        Assert.True(policy.IsValid(sizeBytes: 1));
        Assert.True(policy.IsValid(sizeBytes: 100));
        Assert.False(policy.IsValid(sizeBytes: 0));
        Assert.False(policy.IsValid(sizeBytes: 101));
    }

    [Fact]
    public void Policy_subset_tags_validation()
    {
        Assert.True(new Policy().IsValid());
        Assert.False(new Policy().IsValid(subsetTags: ["anything"]));

        var policy = new Policy { SubsetTags = ["a", "b"] };
        Assert.True(policy.IsValid(subsetTags: ["a"]));
        Assert.True(policy.IsValid(subsetTags: ["a", "b"]));
        Assert.True(policy.IsValid(subsetTags: []));
        Assert.False(policy.IsValid(subsetTags: ["other"]));
        Assert.False(policy.IsValid(subsetTags: ["a", "other"]));
    }

    [Fact]
    public void Policy_superset_tags_validation()
    {
        Assert.True(new Policy().IsValid());
        Assert.True(new Policy().IsValid(supersetTags: ["anything"]));

        var policy = new Policy { SupersetTags = ["a", "b"] };
        Assert.True(policy.IsValid(supersetTags: ["a", "b", "c"]));
        Assert.False(policy.IsValid(supersetTags: ["a"]));
        Assert.False(policy.IsValid(supersetTags: ["c"]));
        Assert.False(policy.IsValid(supersetTags: []));
    }

    public static TheoryData<Policy> Policies => new()
    {
        new Policy { Priority = 42 },
        new Policy { MinSizeBytes = 1, MaxSizeBytes = 2 },
        new Policy { SubsetTags = ["a", "b"], SupersetTags = ["c"] },
        new Policy { HostPattern = "node[0-9]+", Priority = -1 },
    };

    [Theory]
    [MemberData(nameof(Policies))]
    public void Policy_round_trips_through_json(Policy policy)
    {
        string json = JsonSerializer.Serialize(policy);
        Policy back = JsonSerializer.Deserialize<Policy>(json)!;

        Assert.Equal(policy, back);
        Assert.Equal(policy.GetHashCode(), back.GetHashCode());
        Assert.Equal(json, JsonSerializer.Serialize(back));
    }

    [Fact]
    public void Policies_with_different_tags_are_not_equal()
    {
        Assert.NotEqual(new Policy { SubsetTags = ["a"] }, new Policy { SubsetTags = ["b"] });
        Assert.NotEqual(new Policy { Priority = 1 }, new Policy());
        Assert.Equal(new Policy { SupersetTags = ["x"] }, new Policy { SupersetTags = ["x"] });
    }

    [Fact]
    public void The_highest_priority_wins()
    {
        (MultiConnector multi, LocalConnector c1, LocalConnector c2) = FromPolicies(new Policy { Priority = 1 }, new Policy { Priority = 2 });

        StoreKey key = multi.Put("value"u8.ToArray());

        Assert.Equal("c2", key.Connector);
        Assert.False(c1.Exists(key.WithoutConnector()));
        Assert.True(c2.Exists(key.WithoutConnector()));
        Assert.Equal("value"u8.ToArray(), multi.Get(key));
    }

    [Fact]
    public void Equal_priorities_go_to_the_connector_listed_first()
    {
        (MultiConnector multi, _, _) = FromPolicies(new Policy(), new Policy());

        Assert.Equal("c1", multi.Put(new byte[] { 1 }).Connector);
        Assert.Equal("c1", multi.Route(1));
    }

    [Fact]
    public void Size_routes_an_object()
    {
        (MultiConnector multi, LocalConnector c1, LocalConnector c2) = FromPolicies(new Policy { MaxSizeBytes = 1 }, new Policy { MinSizeBytes = 2 });

        StoreKey key = multi.Put("value"u8.ToArray());
        StoreKey tiny = multi.Put(new byte[] { 1 });

        Assert.False(c1.Exists(key.WithoutConnector()));
        Assert.True(c2.Exists(key.WithoutConnector()));
        Assert.Equal("c1", tiny.Connector);
        Assert.True(c1.Exists(tiny.WithoutConnector()));
    }

    [Fact]
    public void Tags_route_an_object()
    {
        (MultiConnector multi, LocalConnector c1, LocalConnector c2) = FromPolicies(
            new Policy { Priority = 1, SubsetTags = ["a", "b"] },
            new Policy { Priority = 2, SupersetTags = ["x", "y"] });

        StoreKey key = multi.Put("value"u8.ToArray(), subsetTags: ["a"]);
        Assert.True(c1.Exists(key.WithoutConnector()));
        Assert.False(c2.Exists(key.WithoutConnector()));

        key = multi.Put("value"u8.ToArray(), subsetTags: null, supersetTags: ["x", "y", "z"]);
        Assert.False(c1.Exists(key.WithoutConnector()));
        Assert.True(c2.Exists(key.WithoutConnector()));

        Assert.Equal("c1", multi.Route(5, subsetTags: ["b"]));
        Assert.Equal("c2", multi.Route(5, supersetTags: ["y", "x"]));
    }

    [Fact]
    public void No_matching_policy_is_a_clear_error_naming_size_and_tags()
    {
        var multi = new MultiConnector(new RoutedConnector("connector", new LocalConnector(), new Policy { MaxSizeBytes = 1 }));

        var e = Assert.Throws<MultiConnectorException>(() => multi.Put("value"u8.ToArray(), subsetTags: ["gpu"]));

        Assert.Contains("policy", e.Message);
        Assert.Contains("5 bytes", e.Message);
        Assert.Contains("[gpu]", e.Message);
        Assert.Contains("connector: Policy(priority=0, maxSizeBytes=1)", e.Message);
        Assert.Throws<MultiConnectorException>(() => multi.Route(2));
    }

    [Fact]
    public void A_key_naming_an_unknown_connector_is_a_clear_error()
    {
        var multi = new MultiConnector(new RoutedConnector("connector", new LocalConnector(), new Policy()));
        StoreKey key = multi.Put("value"u8.ToArray());

        var e = Assert.Throws<MultiConnectorException>(() => multi.Exists(new StoreKey(key.Id, "missing")));

        Assert.Contains("does not exist", e.Message);
        Assert.Contains("missing", e.Message);
        Assert.Equal("missing", e.ConnectorName);
        Assert.Contains("names no connector", Assert.Throws<MultiConnectorException>(() => multi.Get(new StoreKey(key.Id))).Message);
    }

    [Fact]
    public void Config_recreates_the_connectors_with_their_policies()
    {
        (MultiConnector multi, _, _) = FromPolicies(
            new Policy { Priority = 1, SubsetTags = ["a", "b"] },
            new Policy { Priority = 2, SupersetTags = ["x", "y"] });
        StoreKey key = multi.Put("value"u8.ToArray(), subsetTags: ["a"]);

        ConnectorConfig config = JsonSerializer.Deserialize<ConnectorConfig>(JsonSerializer.Serialize(multi.GetConfig()))!;
        var recreated = (MultiConnector)config.CreateConnector();

        Assert.Equal("multi", config.Kind);
        Assert.Equal(multi.Policies, recreated.Policies);
        Assert.Equal(["c1", "c2"], recreated.Connectors.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(recreated.DormantConnectors);
        Assert.Equal("value"u8.ToArray(), recreated.Get(key));
        Assert.Equal("c2", recreated.Put(new byte[] { 1 }, subsetTags: null, supersetTags: ["x", "y"]).Connector);
    }

    [Fact]
    public void Dormant_connectors()
    {
        (MultiConnector multi, _, _) = FromPolicies(
            new Policy { HostPattern = "testhost", SubsetTags = ["a"] },
            new Policy { HostPattern = "otherhost", SubsetTags = ["b"] },
            hostname: "otherhost");
        StoreKey key2 = multi.Put("data"u8.ToArray(), subsetTags: ["b"]);
        Assert.Equal("c2", key2.Connector);
        ConnectorConfig config = multi.GetConfig();

        // Recreated on "testhost", the second connector's host pattern does not match: it stays dormant.
        MultiConnector remote = MultiConnector.FromConfig(config, hostname: "testhost");
        StoreKey key1 = remote.Put("data"u8.ToArray(), subsetTags: ["a"]);

        Assert.True(remote.Exists(key1));
        Assert.Equal(["c2"], remote.DormantConnectors);
        Assert.Equal(["c1"], remote.Connectors.Keys);
        Assert.Contains("c2: dormant", remote.ToString());
        Assert.Contains("No connector policy accepts", Assert.Throws<MultiConnectorException>(() => remote.Put("data"u8.ToArray(), subsetTags: ["b"])).Message);
        var dormant = Assert.Throws<MultiConnectorException>(() => remote.Get(key2));
        Assert.Contains("dormant", dormant.Message);
        Assert.Contains("'c2'", dormant.Message);
        Assert.Contains("testhost", dormant.Message);
        Assert.Equal("c2", dormant.ConnectorName);

        // The dormant connector's config is kept: back on its host it wakes up over the same objects.
        Assert.Equal(config, remote.GetConfig());
        MultiConnector home = MultiConnector.FromConfig(remote.GetConfig(), hostname: "otherhost");
        Assert.Equal("data"u8.ToArray(), home.Get(key2));
    }

    [Fact]
    public void Batches_split_by_connector_and_come_back_in_order()
    {
        MultiConnector multi = MultiConnectorCase.Create();
        byte[] big = new byte[MultiConnectorCase.SmallLimit + 10];

        IReadOnlyList<StoreKey> keys = multi.PutBatch([new byte[] { 1 }, big, new byte[] { 2 }]);

        Assert.Equal(["small", "large", "small"], keys.Select(k => k.Connector));
        Assert.Equal(new byte[]?[] { [1], big, [2] }, multi.GetBatch(keys));
    }

    [Fact]
    public void A_batch_with_an_item_no_policy_accepts_stores_nothing()
    {
        var small = new LocalConnector();
        var multi = new MultiConnector(new RoutedConnector("small", small, new Policy { MaxSizeBytes = 4 }));

        var e = Assert.Throws<MultiConnectorException>(() => multi.PutBatch([new byte[] { 1 }, new byte[10]]));

        Assert.Contains("10 bytes", e.Message);
        StoreKey probe = multi.Put(new byte[] { 9 });
        Assert.Equal(new byte[] { 9 }, multi.Get(probe));
    }

    [Fact]
    public void Invalid_setups_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new MultiConnector([]));
        Assert.Throws<ArgumentException>(() => new MultiConnector(
            new RoutedConnector("same", new LocalConnector(), new Policy()),
            new RoutedConnector("same", new LocalConnector(), new Policy())));
        Assert.Throws<ArgumentException>(() => new MultiConnector(new RoutedConnector("a/b", new LocalConnector(), new Policy())));
        Assert.Contains("'bad'", Assert.Throws<ArgumentException>(() => new MultiConnector(
            new RoutedConnector("bad", new LocalConnector(), new Policy { MinSizeBytes = 10, MaxSizeBytes = 5 }))).Message);
        Assert.Throws<ArgumentException>(() => new MultiConnector(new RoutedConnector("nested", MultiConnectorCase.Create(), new Policy())));
    }

    [Fact]
    public void A_store_routes_by_size_through_put_as_it_is()
    {
        using var store = new Store("multi-size-" + Guid.NewGuid().ToString("N"), MultiConnectorCase.Create(), metrics: true);

        StoreKey small = store.Put("short");
        StoreKey large = store.Put(new string('x', 5000));

        Assert.Equal("small", small.Connector);
        Assert.Equal("large", large.Connector);
        Assert.Equal("short", store.Get<string>(small));
        Assert.Equal(5000, store.Get<string>(large)!.Length);
        Assert.NotNull(store.Metrics!.GetMetrics(large)!.Times["store.get.connector"]);
    }

    [Fact]
    public async Task A_store_routes_by_ambient_tags()
    {
        (MultiConnector multi, LocalConnector c1, LocalConnector c2) = FromPolicies(
            new Policy { Priority = 1, SubsetTags = ["cpu", "gpu"] },
            new Policy { Priority = 2, SupersetTags = ["archive"] });
        using var store = new Store("multi-tags-" + Guid.NewGuid().ToString("N"), multi);

        StoreKey tagged;
        StoreKey archived;
        using (MultiConnector.WithTags(subsetTags: ["gpu"]))
        {
            tagged = store.Put("for the gpu");
            using (MultiConnector.WithTags(supersetTags: ["archive", "cold"]))
            {
                archived = await store.PutAsync("for the archive");
            }

            Assert.Equal("c1", store.Put("again").Connector);
        }

        Assert.Equal("c1", tagged.Connector);
        Assert.True(c1.Exists(tagged.WithoutConnector()));
        Assert.Equal("c2", archived.Connector);
        Assert.True(c2.Exists(archived.WithoutConnector()));
        Assert.Equal("for the archive", store.Get<string>(archived));

        // Outside the scopes an untagged object matches c1 (no subset tags asked) but not c2 (superset tags required).
        Assert.Equal("c1", store.Put("untagged").Connector);
    }

    [Fact]
    public async Task Ambient_tags_do_not_leak_into_other_threads()
    {
        (MultiConnector multi, _, _) = FromPolicies(
            new Policy { Priority = 2, SupersetTags = ["special"] },
            new Policy { Priority = 1 });

        using (MultiConnector.WithTags(supersetTags: ["special"]))
        {
            Assert.Equal("c1", multi.Put(new byte[] { 1 }).Connector);
            Assert.Equal("c2", await Task.Run(() =>
            {
                using (MultiConnector.WithTags())
                {
                    return multi.Put(new byte[] { 2 }).Connector;
                }
            }));
            Assert.Equal("c2", multi.Put(new byte[] { 3 }, subsetTags: [], supersetTags: []).Connector);
        }

        Assert.Equal("c2", multi.Put(new byte[] { 4 }).Connector);
    }

    [Fact]
    public void Proxies_of_objects_in_a_multi_connector_resolve_through_the_key_connector()
    {
        string name = "multi-proxy-" + Guid.NewGuid().ToString("N");
        using var store = new Store(name, MultiConnectorCase.Create(), register: true);
        IList<int> big = store.Proxy<IList<int>>(Enumerable.Range(0, 1000).ToList());

        StoreKey key = Proxies.GetKey(big);

        Assert.Equal("large", key.Connector);
        Assert.Equal(999, big[999]);
    }

    [Fact]
    public void A_multi_connector_over_redis_and_memory_recreates_both_from_its_config()
    {
        RedisConnector redis = RedisTestServer.NewConnector();
        var multi = new MultiConnector(
            new RoutedConnector("memory", new LocalConnector(), new Policy { MaxSizeBytes = 100 }),
            new RoutedConnector("redis", redis, new Policy { MinSizeBytes = 101 }));
        using var store = new Store("multi-redis-" + Guid.NewGuid().ToString("N"), multi);
        byte[] large = new byte[10_000];
        new Random(3).NextBytes(large);

        StoreKey small = store.Put("tiny");
        StoreKey big = store.Put(large);

        Assert.Equal("memory", small.Connector);
        Assert.Equal("redis", big.Connector);
        Assert.True(RedisTestServer.Raw().KeyExists(redis.KeyPrefix + big.Id));
        ConnectorConfig config = JsonSerializer.Deserialize<ConnectorConfig>(JsonSerializer.Serialize(multi.GetConfig()))!;
        Assert.Equal("redis", config.Options.GetProperty("connectors")[1].GetProperty("connector").GetProperty("kind").GetString());
        using Store second = Store.FromConfig(store.ToConfig() with { Name = "multi-redis-second-" + Guid.NewGuid().ToString("N") });
        Assert.Equal(large, second.Get<byte[]>(big));
        Assert.Equal("tiny", second.Get<string>(small));
        Assert.IsType<RedisConnector>(((MultiConnector)second.Connector).Connectors["redis"]);
    }
}

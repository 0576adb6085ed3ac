using System.Text.Json;

namespace ProxyStore.Tests;

/// <summary>
/// StoreMetrics used directly: the StoreMetrics part of ProxyStore's
/// tests/store/metrics_test.py (the proxy lookups wait for Store.Proxy).
/// </summary>
public sealed class MetricsApiTests
{
    private static StoreKey NewKey() => new(Guid.NewGuid().ToString("N"));

    [Fact]
    public void Records_by_single_key_and_by_batch_key()
    {
        var metrics = new StoreMetrics();
        StoreKey single = NewKey();
        StoreKey[] batch = [NewKey(), NewKey(), NewKey()];

        metrics.AddAttribute("test-attribute", single, "value");
        metrics.AddCounter("test-counter", single, 1);
        metrics.AddCounter("test-counter", single, 1);
        metrics.AddTime("test-timer", single, TimeSpan.FromMilliseconds(1));
        metrics.AddTime("test-timer", single, TimeSpan.FromMilliseconds(2));

        metrics.AddAttribute("test-attribute", batch, "value");
        metrics.AddCounter("test-counter", batch, 1);
        metrics.AddCounter("test-counter", batch, 1);
        metrics.AddTime("test-timer", batch, TimeSpan.FromMilliseconds(1));
        metrics.AddTime("test-timer", batch, TimeSpan.FromMilliseconds(2));

        foreach (Metrics? recorded in new[] { metrics.GetMetrics(single), metrics.GetMetrics(batch) })
        {
            Assert.NotNull(recorded);
            Assert.Equal("value", Assert.Single(recorded.Attributes, a => a.Key == "test-attribute").Value);
            Support.MetricsAssert.Counters(recorded.Counters, ("test-counter", 2));
            TimeStats timer = recorded.Times["test-timer"];
            Assert.Equal(2, timer.Count);
            Assert.Equal(1.5, timer.AvgTimeMs, 6);
            Assert.Equal(1, timer.MinTimeMs, 6);
            Assert.Equal(2, timer.MaxTimeMs, 6);
            Assert.Equal(2, timer.LastTimeMs, 6);
        }
    }

    [Fact]
    public void A_batch_and_its_keys_are_separate_entries()
    {
        var metrics = new StoreMetrics();
        StoreKey[] batch = [NewKey(), NewKey()];

        metrics.AddCounter("c", batch, 5);

        Assert.Null(metrics.GetMetrics(batch[0]));
        Assert.Null(metrics.GetMetrics([batch[0]]));
        Assert.Null(metrics.GetMetrics(batch.Reverse()));
        Assert.Equal(5, metrics.GetMetrics(batch.ToList())!.Counters["c"]);
    }

    [Fact]
    public void A_missing_key_has_no_metrics()
    {
        var metrics = new StoreMetrics();

        Assert.Null(metrics.GetMetrics(NewKey()));
        Assert.Null(metrics.GetMetrics(new[] { NewKey() }));
        Assert.Empty(metrics.AggregateTimes());
    }

    [Fact]
    public void Keys_are_compared_by_value()
    {
        var metrics = new StoreMetrics();
        string id = Guid.NewGuid().ToString("N");

        metrics.AddCounter("c", new StoreKey(id));

        Assert.Equal(1, metrics.GetMetrics(new StoreKey(id))!.Counters["c"]);
        Assert.Null(metrics.GetMetrics(new StoreKey(id, "other-connector")));
    }

    [Fact]
    public void The_object_overload_takes_keys_and_sequences_of_keys()
    {
        var metrics = new StoreMetrics();
        StoreKey key = NewKey();
        StoreKey[] batch = [NewKey(), NewKey()];
        metrics.AddCounter("single", key);
        metrics.AddCounter("batch", batch);

        Assert.Equal(1, metrics.GetMetrics((object)key)!.Counters["single"]);
        Assert.Equal(1, metrics.GetMetrics((object)batch)!.Counters["batch"]);
        Assert.Equal(1, metrics.GetMetrics((object)new List<object> { batch[0], batch[1] })!.Counters["batch"]);
    }

    [Fact]
    public void Aggregates_times_over_all_keys()
    {
        var metrics = new StoreMetrics();
        StoreKey[] keys = [NewKey(), NewKey(), NewKey()];
        for (int i = 0; i < keys.Length; i++)
        {
            metrics.AddTime("time1", keys[i], TimeSpan.FromMilliseconds((1 + i) * 1));
            metrics.AddTime("time2", keys[i], TimeSpan.FromMilliseconds((1 + i) * 10));
        }

        IReadOnlyDictionary<string, TimeStats> times = metrics.AggregateTimes();

        Support.MetricsAssert.Names(["time1", "time2"], times.Keys);
        Assert.Equal(3, times["time1"].Count);
        Assert.Equal(2, times["time1"].AvgTimeMs, 6);
        Assert.Equal(1, times["time1"].MinTimeMs, 6);
        Assert.Equal(3, times["time1"].MaxTimeMs, 6);
        Assert.Equal(3, times["time2"].Count);
        Assert.Equal(20, times["time2"].AvgTimeMs, 6);
        Assert.Equal(10, times["time2"].MinTimeMs, 6);
        Assert.Equal(30, times["time2"].MaxTimeMs, 6);
    }

    [Fact]
    public void Attributes_keep_the_latest_value()
    {
        var metrics = new StoreMetrics();
        StoreKey key = NewKey();

        metrics.AddAttribute("a", key, "first");
        metrics.AddAttribute("a", key, 42);

        Assert.Equal(42, metrics.GetMetrics(key)!.Attributes["a"]);
    }

    [Fact]
    public void A_snapshot_serializes_to_json_with_its_three_fields()
    {
        // The port of test_metrics_as_dict: the snapshot's data survives a trip through JSON.
        var metrics = new StoreMetrics();
        StoreKey key = NewKey();
        metrics.AddAttribute("attr1", key, "value1");
        metrics.AddAttribute("attr2", key, 2);
        metrics.AddCounter("counter1", key, 1);
        metrics.AddTime("time1", key, TimeSpan.FromMilliseconds(1));
        Metrics snapshot = metrics.GetMetrics(key)!;

        using JsonDocument json = JsonDocument.Parse(JsonSerializer.Serialize(snapshot));
        JsonElement root = json.RootElement;

        Support.MetricsAssert.Names(["Attributes", "Counters", "Times"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("value1", root.GetProperty("Attributes").GetProperty("attr1").GetString());
        Assert.Equal(2, root.GetProperty("Attributes").GetProperty("attr2").GetInt32());
        Assert.Equal(1, root.GetProperty("Counters").GetProperty("counter1").GetInt64());
        var times = root.GetProperty("Times").Deserialize<Dictionary<string, TimeStats>>()!;
        Assert.Equal(snapshot.Times["time1"], times["time1"]);
    }

    [Fact]
    public void A_negative_duration_is_rejected_naming_the_duration()
    {
        var metrics = new StoreMetrics();
        StoreKey key = NewKey();

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => metrics.AddTime("t", key, TimeSpan.FromMilliseconds(-1)));

        Assert.Equal("duration", e.ParamName);
        Assert.Null(metrics.GetMetrics(key));
    }

    [Fact]
    public void Bad_arguments_are_rejected_with_their_names()
    {
        var metrics = new StoreMetrics();
        StoreKey key = NewKey();

        Assert.Equal("name", Assert.Throws<ArgumentException>(() => metrics.AddCounter("", key)).ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentNullException>(() => metrics.AddAttribute("a", key, null!)).ParamName);
        Assert.Throws<ArgumentNullException>(() => metrics.GetMetrics((object)null!));

        var e = Assert.Throws<ArgumentException>(() => metrics.GetMetrics((object)"not a key"));
        Assert.Contains("System.String", e.Message);
        e = Assert.Throws<ArgumentException>(() => metrics.GetMetrics((object)new object[] { key, 3 }));
        Assert.Contains("System.Int32", e.Message);
    }
}

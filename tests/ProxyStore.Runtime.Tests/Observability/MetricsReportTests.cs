using ProxyStore.Connectors;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Observability;

public sealed class MetricsReportTests
{
    [Fact]
    public void A_report_holds_every_key_and_batch_and_round_trips_through_json()
    {
        using var store = new Store(UniqueNames.Store("report"), new LocalConnector(), metrics: true);
        StoreKey key = store.Put(new[] { 1, 2 });
        store.Get<int[]>(key);
        IReadOnlyList<StoreKey> batch = store.PutBatch(["a", "b"]);

        MetricsReport report = store.Metrics!.Export();
        MetricsReport read = MetricsReport.FromJson(report.ToJson());

        Assert.Equal(2, read.Entries.Count);
        KeyedMetrics single = Assert.Single(read.Entries, e => !e.IsBatch);
        KeyedMetrics batched = Assert.Single(read.Entries, e => e.IsBatch);
        Assert.Equal([key], single.Keys);
        Assert.Equal(batch, batched.Keys);
        Metrics original = store.Metrics.GetMetrics(key)!;
        Assert.Equal(original.Times, single.Metrics.Times);
        Assert.Equal(original.Counters, single.Metrics.Counters);
        Assert.Equal(original.Attributes[MetricNames.PutObjectSize], single.Metrics.Attributes[MetricNames.PutObjectSize]);
        Assert.Equal(store.Metrics.AggregateTimes(), read.AggregateTimes());
    }

    [Fact]
    public void Merging_reports_combines_the_same_key_and_keeps_the_others()
    {
        using var producer = new Store(UniqueNames.Store("producer"), new LocalConnector(), metrics: true);
        StoreKey shared = producer.Put("shared");
        StoreKey onlyProducer = producer.Put("mine");
        using var consumer = Store.FromConfig(producer.ToConfig() with { Name = UniqueNames.Store("consumer") });
        consumer.Get<string>(shared);
        consumer.Get<string>(shared);

        MetricsReport merged = MetricsReport.Merge(producer.Metrics!.Export(), consumer.Metrics!.Export());

        Assert.Equal(2, merged.Entries.Count);
        Metrics whole = merged.Find(shared)!;
        Assert.Equal(1, whole.Times[MetricNames.Put].Count);
        Assert.Equal(2, whole.Times[MetricNames.Get].Count);
        Assert.Equal(1, whole.Counters[MetricNames.GetCacheHits]);
        Assert.Equal(1, whole.Counters[MetricNames.GetCacheMisses]);
        Assert.NotNull(merged.Find(onlyProducer));
        Assert.Equal(2, merged.AggregateTimes()[MetricNames.Put].Count);
        Assert.Equal(1, merged.AggregateCounters()[MetricNames.GetCacheHits]);
    }

    [Fact]
    public void Counters_of_one_key_add_up_across_merged_reports()
    {
        var key = new StoreKey("k");
        var first = new StoreMetrics();
        var second = new StoreMetrics();
        first.AddCounter("c", key, 2);
        second.AddCounter("c", key, 5);
        first.AddTime("t", key, TimeSpan.FromMilliseconds(2));
        second.AddTime("t", key, TimeSpan.FromMilliseconds(4));

        Metrics merged = MetricsReport.Merge(first.Export(), second.Export()).Find(key)!;

        Assert.Equal(7, merged.Counters["c"]);
        Assert.Equal(2, merged.Times["t"].Count);
        Assert.Equal(3.0, merged.Times["t"].AvgTimeMs, precision: 6);
        Assert.Equal(2.0, merged.Times["t"].MinTimeMs, precision: 6);
        Assert.Equal(4.0, merged.Times["t"].MaxTimeMs, precision: 6);
    }

    [Fact]
    public void The_table_lists_each_operation_with_count_and_times()
    {
        var key = new StoreKey("k");
        var metrics = new StoreMetrics();
        metrics.AddTime("store.get", key, TimeSpan.FromMilliseconds(1.5));
        metrics.AddTime("store.get", key, TimeSpan.FromMilliseconds(2.5));
        metrics.AddCounter("store.get.cache_hits", key, 3);
        metrics.AddAttribute("store.get.object_size", key, 219L);

        string table = MetricsTable.Format(metrics.GetMetrics(key)!);

        string row = Assert.Single(table.Split('\n'), l => l.StartsWith("store.get ", StringComparison.Ordinal));
        Assert.Equal(["store.get", "2", "2.000", "1.500", "2.500"], row.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(table.Split('\n'), l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["store.get.cache_hits", "3"]);
        Assert.Contains(table.Split('\n'), l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["store.get.object_size", "219"]);
    }

    [Fact]
    public void A_document_that_is_not_a_report_is_rejected()
    {
        Assert.Throws<System.Text.Json.JsonException>(() => MetricsReport.FromJson("""{"entries":[{"keys":[],"batch":false}]}"""));
        Assert.Throws<System.Text.Json.JsonException>(() => MetricsReport.FromJson("null"));
    }
}

using System.Diagnostics;
using ProxyStore.Connectors;
using ProxyStore.Tests.Proxying;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Observability;

// The ProxyStore meter and activity source, observed through real listeners.
[Collection(ListenerCollection.Name)]
public sealed class StoreTelemetryTests
{
    [Fact]
    public void Every_timed_operation_is_a_histogram_in_milliseconds_tagged_with_store_and_operation()
    {
        using var store = new Store(UniqueNames.Store("meter"), new LocalConnector(), metrics: true);
        using var capture = new TelemetryCapture(store.Name);

        StoreKey key = store.Put("payload");
        store.Get<string>(key);
        store.Get<string>(key);
        store.Exists(key); // a cache hit: no connector call, so no store.exists.connector
        store.Evict(key);

        var durations = capture.Measurements.Where(m => m.Instrument == "proxystore.operation.duration").ToList();
        Assert.All(durations, m => Assert.Equal("ms", m.Unit));
        Assert.All(durations, m => Assert.True(m.Value >= 0));
        Assert.Equal(
            ["store.evict", "store.evict.connector", "store.exists", "store.get", "store.get.connector",
             "store.get.deserialize", "store.put", "store.put.connector", "store.put.serialize"],
            durations.Select(m => m.Operation!).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(2, durations.Count(m => m.Operation == "store.get"));

        // The meter sees what the store's own metrics see.
        IReadOnlyDictionary<string, TimeStats> times = store.Metrics!.AggregateTimes();
        Assert.All(times, t => Assert.Equal(t.Value.Count, durations.Count(m => m.Operation == t.Key)));
    }

    [Fact]
    public void Cache_hits_misses_and_bytes_are_counted()
    {
        using var store = new Store(UniqueNames.Store("counters"), new LocalConnector(), metrics: true);
        using var capture = new TelemetryCapture(store.Name);

        StoreKey key = store.Put(new[] { 1, 2, 3 });
        store.Get<int[]>(key);
        store.Get<int[]>(key);
        store.Get<int[]>(key);
        store.PutBatch(["a", "bb"]);

        long Sum(string instrument) => (long)capture.Measurements.Where(m => m.Instrument == instrument).Sum(m => m.Value);
        Metrics metrics = store.Metrics!.GetMetrics(key)!;
        Assert.Equal(2, Sum("proxystore.cache.hits"));
        Assert.Equal(1, Sum("proxystore.cache.misses"));
        Assert.Equal((long)metrics.Attributes[MetricNames.PutObjectSize] + StoredFrame.HeaderSize + 2 + StoredFrame.HeaderSize + 3, Sum("proxystore.bytes.put"));
        Assert.Equal((long)metrics.Attributes[MetricNames.GetObjectSize], Sum("proxystore.bytes.got"));
        Assert.All(capture.Measurements.Where(m => m.Instrument.StartsWith("proxystore.bytes", StringComparison.Ordinal)), m => Assert.Equal("By", m.Unit));
    }

    [Fact]
    public void The_meter_publishes_even_when_the_store_keeps_no_metrics()
    {
        using var store = new Store(UniqueNames.Store("no-metrics"), new LocalConnector());
        using var capture = new TelemetryCapture(store.Name);

        store.Get<string>(store.Put("x"));

        Assert.Null(store.Metrics);
        Assert.Contains(capture.Measurements, m => m.Operation == "store.get");
        Assert.Contains(capture.Measurements, m => m.Instrument == "proxystore.cache.misses");
    }

    // A get checks only the instruments a cache hit feeds before it reads the clock; a
    // listener of any one instrument must still get all of its measurements.
    [Theory]
    [InlineData("proxystore.operation.duration")]
    [InlineData("proxystore.cache.hits")]
    [InlineData("proxystore.cache.misses")]
    [InlineData("proxystore.bytes.put")]
    [InlineData("proxystore.bytes.got")]
    public void A_listener_of_one_instrument_gets_all_of_its_measurements(string instrument)
    {
        using var store = new Store(UniqueNames.Store("one-instrument"), new LocalConnector());
        using var capture = new TelemetryCapture(store.Name, instrument);

        StoreKey key = store.Put("twelve bytes");
        store.Get<string>(key); // a miss
        store.Get<string>(key); // a hit

        Assert.All(capture.Measurements, m => Assert.Equal(instrument, m.Instrument));
        string[] seen = capture.Measurements.Select(m => m.Operation ?? m.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        string[] expected = instrument switch
        {
            "proxystore.operation.duration" => ["store.put.serialize", "store.put.connector", "store.put", "store.get.connector", "store.get.deserialize", "store.get", "store.get"],
            "proxystore.cache.hits" or "proxystore.cache.misses" => ["1"],
            _ => ["29"], // the stored string: a 16-byte frame, a tag byte and twelve UTF-8 bytes
        };
        Assert.Equal(expected.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Exists_evict_and_batch_puts_are_spans_and_a_refused_evict_ends_its_span_in_error()
    {
        using var store = new Store(UniqueNames.Store("more-spans"), new LocalConnector(), cacheSize: 0);
        using var capture = new TelemetryCapture(store.Name);

        IReadOnlyList<StoreKey> keys = store.PutBatch(["a", "b"]);
        store.Exists(keys[0]);
        await store.ExistsAsync(keys[1]);
        store.Evict(keys[0]);
        await store.EvictAsync(keys[1]);
        StoreKey foreign = store.Connector.Put("not a frame"u8.ToArray());
        Assert.Throws<ForeignObjectException>(() => store.Evict(foreign));

        Assert.Single(capture.Activities, a => a.OperationName == "store.put_batch");
        Assert.Equal(2, capture.Activities.Count(a => a.OperationName == "store.exists"));
        var evicts = capture.Activities.Where(a => a.OperationName == "store.evict").ToList();
        Assert.Equal(3, evicts.Count);
        Assert.Equal([ActivityStatusCode.Unset, ActivityStatusCode.Unset, ActivityStatusCode.Error], evicts.Select(a => a.Status));
        Assert.Equal(foreign.ToString(), evicts[2].GetTagItem(StoreTelemetry.KeyTag));
    }

    [Fact]
    public void Puts_gets_proxies_and_resolutions_are_spans_and_a_resolution_links_to_the_proxy_that_created_it()
    {
        using var store = new Store(UniqueNames.Store("spans"), new LocalConnector(), metrics: true, register: true);
        using var capture = new TelemetryCapture(store.Name);

        IDataset proxy = store.Proxy<IDataset>(ProxyTestStore.SampleData());
        proxy.Sum();

        var byName = capture.Activities.ToDictionary(a => a.OperationName);
        Assert.Equal(["factory.resolve", "store.get", "store.proxy", "store.put"], byName.Keys.Order(StringComparer.Ordinal));
        string key = Proxies.GetKey(proxy).ToString();
        Assert.All(byName.Values, a => Assert.Equal(key, a.GetTagItem(StoreTelemetry.KeyTag)));

        System.Diagnostics.Activity proxySpan = byName["store.proxy"];
        Assert.Equal(proxySpan.SpanId, byName["store.put"].ParentSpanId);
        System.Diagnostics.ActivityLink link = Assert.Single(byName["factory.resolve"].Links);
        Assert.Equal(proxySpan.TraceId, link.Context.TraceId);
        Assert.Equal(proxySpan.SpanId, link.Context.SpanId);
        Assert.Equal(byName["factory.resolve"].SpanId, byName["store.get"].ParentSpanId);
        Assert.Equal(proxySpan.Id, ((IStoreFactory)Proxies.GetFactory(proxy)).TraceParent);
    }
}

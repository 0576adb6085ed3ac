using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ProxyStore.Connectors;
using ProxyStore.Extensions.Hosting.Tests.Support;
using ProxyStore.Serialization;
using ProxyStore.Tests.Support;

namespace ProxyStore.Extensions.Hosting.Tests;

/// <summary>
/// AddProxyStoreInstrumentation with the OpenTelemetry SDK and its in-memory exporter: the spans
/// and metrics of a hosted store arrive, and failed operations' spans carry an error status and
/// an exception event. Other tests' stores may export too (the source is process-wide), so every
/// assertion picks this test's store by name.
/// </summary>
public sealed class OpenTelemetryTests
{
    [Fact]
    public async Task Spans_and_metrics_of_a_hosted_store_reach_the_exporters()
    {
        string name = TestHost.Name("otel");
        var spans = new List<Activity>();
        var metrics = new List<MetricSnapshot>();
        HostApplicationBuilder builder = TestHost.Builder(
            new Dictionary<string, string?>
            {
                [$"ProxyStore:Stores:{name}:Connector:Kind"] = "Local",
                [$"ProxyStore:Stores:{name}:Metrics"] = "true",
            },
            new CapturingLoggerProvider());
        builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddProxyStoreInstrumentation().AddInMemoryExporter(spans))
            .WithMetrics(meters => meters.AddProxyStoreInstrumentation().AddInMemoryExporter(metrics));
        using IHost host = builder.Build();
        await host.StartAsync();
        Store store = host.Services.GetRequiredKeyedService<Store>(name);

        StoreKey key = store.Put("traced");
        store.Get<string>(key);
        store.Get<string>(key);
        IGreeting proxy = store.Proxy<IGreeting>(new Greeting("hello"));
        Assert.Equal("hello", proxy.Text);
        host.Services.GetRequiredService<MeterProvider>().ForceFlush();
        await host.StopAsync();

        Activity[] mine = Mine(spans, name);
        Activity put = mine.First(s => s.OperationName == MetricNames.Put);
        Assert.Equal(key.ToString(), put.GetTagItem(StoreTelemetry.KeyTag));
        Assert.Equal(ActivityStatusCode.Unset, put.Status);
        Assert.Equal(2, mine.Count(s => s.OperationName == MetricNames.Get && Equals(s.GetTagItem(StoreTelemetry.KeyTag), key.ToString())));
        Assert.Contains(mine, s => s.OperationName == MetricNames.Proxy);
        Assert.Contains(mine, s => s.OperationName == MetricNames.FactoryResolve);

        MetricSnapshot durations = metrics.Last(m => m.Name == "proxystore.operation.duration");
        string[] operations = [.. durations.MetricPoints
            .Where(p => Tag(p, StoreTelemetry.StoreTag) == name)
            .Select(p => Tag(p, StoreTelemetry.OperationTag)!)];
        Assert.Contains(MetricNames.Put, operations);
        Assert.Contains(MetricNames.Get, operations);
        Assert.Contains(MetricNames.FactoryResolve, operations);
        MetricSnapshot hits = metrics.Last(m => m.Name == "proxystore.cache.hits");
        Assert.Equal(1, hits.MetricPoints.Where(p => Tag(p, StoreTelemetry.StoreTag) == name).Sum(p => p.GetSumLong()));
    }

    [Fact]
    public void A_failed_put_and_a_failed_resolution_have_error_spans_with_exception_events()
    {
        using var temp = new TempDirectory();
        string name = TestHost.Name("otel-fail");
        var spans = new List<Activity>();
        using TracerProvider tracing = Sdk.CreateTracerProviderBuilder().AddProxyStoreInstrumentation().AddInMemoryExporter(spans).Build();
        using var refusing = new Store(name, new LocalConnector(), serializer: new RefusingSerializer(), register: true);
        string other = TestHost.Name("otel-evicted");
        using var store = new Store(other, new FileConnector(temp.Sub("objects")), register: true);

        var refused = Assert.Throws<StoreSerializationException>(() => refusing.Put("refused"));
        IGreeting proxy = store.Proxy<IGreeting>(new Greeting("gone"));
        store.Evict(Proxies.GetKey(proxy));
        var unresolved = Assert.Throws<ProxyResolveException>(() => proxy.Text);
        tracing.ForceFlush();

        Activity failedPut = Assert.Single(Mine(spans, name), s => s.OperationName == MetricNames.Put);
        Assert.Equal(ActivityStatusCode.Error, failedPut.Status);
        Assert.Contains("refuses everything", failedPut.StatusDescription, StringComparison.Ordinal);
        ActivityEvent putEvent = Assert.Single(failedPut.Events, e => e.Name == "exception");
        // The span holds the exception the caller got, which names the store; the serializer's own is its inner exception.
        Assert.Equal(refused.Message, failedPut.StatusDescription);
        Assert.Equal(typeof(StoreSerializationException).FullName, putEvent.Tags.First(t => t.Key == "exception.type").Value);

        Activity failedResolve = Assert.Single(Mine(spans, other), s => s.OperationName == MetricNames.FactoryResolve);
        Assert.Equal(ActivityStatusCode.Error, failedResolve.Status);
        Assert.Equal(unresolved.Message, failedResolve.StatusDescription);
        Assert.Contains(failedResolve.Events, e => e.Name == "exception");
        Assert.IsType<NotSupportedException>(refused.InnerException);
    }

    private static Activity[] Mine(IEnumerable<Activity> spans, string store) =>
        [.. spans.Where(s => Equals(s.GetTagItem(StoreTelemetry.StoreTag), store))];

    private static string? Tag(MetricPoint point, string key)
    {
        foreach (KeyValuePair<string, object?> tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value?.ToString();
            }
        }

        return null;
    }

    /// <summary>Proxied through the Castle fallback (this project has no generator).</summary>
    public interface IGreeting
    {
        string Text { get; }
    }

    /// <summary>The stored object.</summary>
    [Storable]
    public sealed record Greeting(string Text) : IGreeting;
}

using System.Text.Json;
using ProxyStore.Connectors;
using ProxyStore.Tests.Support;
using ProxyStore.TestConsumer;

namespace ProxyStore.Tests.Proxying;

// A proxy crosses into a real second process as a reference; the consumer resolves it
// through its own registry, and the resolution's metrics land in the consumer only.
[Collection(ListenerCollection.Name)]
public sealed class CrossProcessTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ps-xproc-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void A_resolution_in_the_consumer_links_to_the_producers_proxy_span()
    {
        using var fixture = new ProxyTestStore(connector: new FileConnector(_directory));
        using var capture = new Observability.TelemetryCapture(fixture.Store.Name);
        IPayload proxy = fixture.Store.Proxy<IPayload>(new Payload("traced", [1, 2, 3]));
        System.Diagnostics.Activity proxySpan = Assert.Single(capture.Activities, a => a.OperationName == MetricNames.Proxy);
        string referenceFile = Path.Combine(_directory, "traced.json");
        File.WriteAllBytes(referenceFile, ProxyReference.Serialize(proxy));

        (int exitCode, string output, string error) = ChildProcess.RunDll("ProxyStore.TestConsumer.dll", referenceFile);

        Assert.True(exitCode == 0, $"consumer exited with {exitCode}: {error}");
        ConsumerReport report = JsonSerializer.Deserialize<ConsumerReport>(output)!;
        Assert.Equal($"{proxySpan.TraceId}-{proxySpan.SpanId}", Assert.Single(report.ResolveLinks));
    }

    [Fact]
    public void A_consumer_process_resolves_the_proxy_and_records_the_resolution_in_its_own_metrics()
    {
        using var fixture = new ProxyTestStore(connector: new FileConnector(_directory));
        var payload = new Payload("from-producer", Enumerable.Range(0, 64 * 1024).Select(i => (byte)(i * 7)).ToArray());
        IPayload proxy = fixture.Store.Proxy<IPayload>(payload);
        string referenceFile = Path.Combine(_directory, "reference.json");
        File.WriteAllBytes(referenceFile + ".tmp", ProxyReference.Serialize(proxy));
        File.Move(referenceFile + ".tmp", referenceFile);

        (int exitCode, string output, string error) = ChildProcess.RunDll("ProxyStore.TestConsumer.dll", referenceFile);

        Assert.True(exitCode == 0, $"consumer exited with {exitCode}: {error}");
        ConsumerReport report = JsonSerializer.Deserialize<ConsumerReport>(output)!;
        Assert.Equal("from-producer", report.Label);
        Assert.Equal(payload.Checksum(), report.Checksum);
        Assert.False(report.ResolvedBeforeUse);
        Assert.True(report.StoreRegistered);
        Assert.Equal(
            ["factory.call", "factory.resolve", "store.get", "store.get.connector", "store.get.deserialize"],
            report.TimeCounts.Keys.Order(StringComparer.Ordinal));
        Assert.All(report.TimeCounts.Values, count => Assert.Equal(1, count));
        Assert.Empty(report.ResolveLinks);

        // The consumer's report merged with the producer's is the whole picture of the key.
        Metrics whole = MetricsReport.Merge(fixture.Store.Metrics!.Export(), MetricsReport.FromJson(report.MetricsJson)).Find(Proxies.GetKey(proxy))!;
        Assert.Equal(
            ["factory.call", "factory.resolve", "store.get", "store.get.connector", "store.get.deserialize", "store.proxy", "store.put", "store.put.connector", "store.put.serialize"],
            whole.Times.Keys.Order(StringComparer.Ordinal));

        // The producer never resolved: its metrics hold the put and the proxy only.
        Assert.False(Proxies.IsResolved(proxy));
        Metrics producer = fixture.Store.Metrics!.GetMetrics(proxy)!;
        Assert.Equal(["store.proxy", "store.put", "store.put.connector", "store.put.serialize"], producer.Times.Keys.Order(StringComparer.Ordinal));
    }
}

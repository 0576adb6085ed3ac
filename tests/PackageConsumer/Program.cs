// Uses ProxyStore the way an application would, and prints what the package tests check.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using ProxyStore;
using ProxyStore.Connectors;

using var store = new Store("package-consumer", new LocalConnector(), metrics: true, register: true);
IGreeting proxy = store.Proxy<IGreeting>(new Greeting("hello from the package"));
Console.WriteLine($"proxy-type: {proxy.GetType().Name}");
Console.WriteLine($"resolved-before-use: {Proxies.IsResolved(proxy)}");
Console.WriteLine($"length: {proxy.Length()}");
Console.WriteLine($"times: {string.Join(",", store.Metrics!.GetMetrics(proxy)!.Times.Keys)}");
Console.WriteLine($"factory-call-count: {store.Metrics.GetMetrics(proxy)!.Times[MetricNames.FactoryCall].Count}");
Console.WriteLine($"unregistered-length: {Unregistered.ResolveOnce()}");
await OrleansSilo.RunAsync();

// ProxyStore.OpenTelemetry: the store's spans reach a tracer provider.
var spans = new List<Activity>();
using (TracerProvider tracing = Sdk.CreateTracerProviderBuilder().AddProxyStoreInstrumentation().AddInMemoryExporter(spans).Build())
{
    store.Get<Greeting>(store.Put(new Greeting("traced")));
}

Console.WriteLine($"spans: {string.Join(",", spans.Select(s => s.DisplayName).Where(n => n is "store.put" or "store.get").Distinct().Order())}");

// ProxyStore.Extensions.Hosting: a store from configuration in a host.
HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["ProxyStore:Stores:package-hosted:Connector:Kind"] = "Local",
    ["ProxyStore:Stores:package-hosted:Metrics"] = "true",
});
builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));
using (IHost host = builder.Build())
{
    await host.StartAsync();
    Store hosted = host.Services.GetRequiredKeyedService<Store>("package-hosted");
    IGreeting hostedProxy = hosted.Proxy<IGreeting>(new Greeting("hosted"));
    Console.WriteLine($"hosted-length: {hostedProxy.Length()}");
    Console.WriteLine($"hosted-proxy-type: {hostedProxy.GetType().Name}");
    Console.WriteLine($"hosted-registered: {ReferenceEquals(StoreRegistry.Get("package-hosted"), hosted)}");
    Console.WriteLine($"hosted-factory-call-count: {hosted.Metrics!.GetMetrics(hostedProxy)!.Times[MetricNames.FactoryCall].Count}");
    await host.StopAsync();
    Console.WriteLine($"hosted-disposed: {hosted.IsDisposed}");
}

/// <summary>Compiled into a proxy class by the generator in the package.</summary>
[Proxiable]
public interface IGreeting
{
    string Text { get; }

    int Length();
}

/// <summary>The stored object.</summary>
public sealed record Greeting(string Text) : IGreeting
{
    public int Length() => Text.Length;
}

/// <summary>A metrics store that is never registered but makes proxies: the package's analyzer reports PXS0001 here.</summary>
internal static class Unregistered
{
    public static int ResolveOnce()
    {
        using var store = new Store("package-consumer-unregistered", new LocalConnector(), metrics: true);
        return store.Proxy<IGreeting>(new Greeting("four")).Length();
    }
}

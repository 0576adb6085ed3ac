// A client sends large byte arrays along a chain of three grains on two silos (this process
// and a child process), first by value and then through ProxyStore, and prints the time, the
// bytes that went through Orleans messages, and the ProxyStore metrics of both silos merged.
//
//   dotnet run --project samples/OrleansPipeline
using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OrleansPipeline;
using ProxyStore;
using ProxyStore.Connectors;
using ProxyStore.Orleans;

int[] sizes = [1 << 20, 16 << 20, 64 << 20];

if (args is ["--second-silo", var primaryPort, var siloPort, var gatewayPort, var directory])
{
    await SecondSilo.RunAsync(int.Parse(primaryPort), int.Parse(siloPort), int.Parse(gatewayPort), directory);
    return;
}

string storeDirectory = Path.Combine(Path.GetTempPath(), $"orleans-pipeline-{Guid.NewGuid():N}");
int[] ports = Ports.Free(4);
using var bytes = new SentBytes();

// This process owns the store (its connector deletes the directory when it closes); the second silo makes its own from the config.
using var store = new Store(Cluster.StoreName, new FileConnector(storeDirectory), metrics: true);
using IHost silo = Cluster.Silo(ports[0], ports[1], primaryPort: null, options => options.AddStore(store));
await silo.StartAsync();
using var second = ChildSilo.Start(ports[0], ports[2], ports[3], storeDirectory);
await second.ReadyAsync();

using IHost clientHost = new HostBuilder()
    .UseOrleansClient(client => client
        .UseLocalhostClustering([ports[1], ports[3]], Cluster.Id, Cluster.Id)
        .AddProxyStore(Cluster.Options(options => options.AddStore(store))))
    .Build();
await clientHost.StartAsync();
IGrainFactory grains = clientHost.Services.GetRequiredService<IClusterClient>();
long[] route = await Route.AcrossSilosAsync(grains, ports[0], ports[2]);

Console.WriteLine("Three grains on two silos; each array goes from the client through stages 1 and 2, which forward it unused, to stage 3, which sums it.");
Console.WriteLine($"{"size",8} {"mode",-9} {"time ms",9} {"Orleans bytes (this process)",29}  path");
foreach (int size in sizes)
{
    byte[] data = new byte[size];
    Random.Shared.NextBytes(data);
    foreach (bool byProxy in new[] { false, true })
    {
        long before = bytes.Total;
        var clock = Stopwatch.StartNew();
        StageResult result = byProxy
            ? await grains.GetGrain<IStageGrain>(route[0]).Forward(data, route[1..])
            : await grains.GetGrain<IStageGrain>(route[0]).ForwardArray(data, route[1..]);
        clock.Stop();
        Console.WriteLine($"{size >> 20,6}MB {(byProxy ? "proxy" : "value"),-9} {clock.Elapsed.TotalMilliseconds,9:F1} {bytes.Total - before,29:N0}  {result.Path}");
    }
}

await clientHost.StopAsync();
(MetricsReport childMetrics, long childBytes) = await second.StopAsync();
await silo.StopAsync();

MetricsReport merged = MetricsReport.Merge(store.Metrics!.Export(), childMetrics);
Console.WriteLine();
Console.WriteLine($"Orleans message bytes sent by the second silo's process: {childBytes:N0}");
Console.WriteLine("ProxyStore metrics, this process (client and first silo) and the second silo merged:");
Console.WriteLine(merged.ToTable());

/// <summary>What both silos and the client share.</summary>
internal static class Cluster
{
    public const string Id = "orleans-pipeline";
    public const string StoreName = "orleans-pipeline";

    public static IHost Silo(int siloPort, int gatewayPort, int? primaryPort, Action<ProxyStoreOrleansOptions> addStore) =>
        new HostBuilder()
            .UseOrleans(silo => silo
                .UseLocalhostClustering(siloPort, gatewayPort, primaryPort is int p ? new IPEndPoint(IPAddress.Loopback, p) : null, Id, Id)
                .Configure<MessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(2))
                .AddProxyStore(Options(addStore)))
            .Build();

    // Arrays over 1 MiB travel by proxy, through a file store every process of the cluster reaches.
    public static Action<ProxyStoreOrleansOptions> Options(Action<ProxyStoreOrleansOptions> addStore) => options =>
    {
        addStore(options);
        options.Policy = new ProxyLargerThan(1 << 20);
    };
}

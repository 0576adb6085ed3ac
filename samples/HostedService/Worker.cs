using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ProxyStore;

namespace HostedService;

/// <summary>
/// Puts a report into the "documents" store, hands a proxy of it to a consumer that resolves
/// it on first use, keeps a scratch value in the "scratch" store, prints the metrics of the
/// proxy, then stops the application.
/// </summary>
public sealed class Worker(
    [FromKeyedServices("documents")] Store documents,
    [FromKeyedServices("scratch")] Store scratch,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IReport report = documents.Proxy<IReport>(new Report("daily", [.. Enumerable.Range(1, 100).Select(i => (double)i)]));

        // The first member used resolves the proxy: a get from the documents store.
        Console.WriteLine($"report {report.Title}: {report.Values.Count} values, mean {report.Mean()} (through a {report.GetType().Name})");

        StoreKey key = await scratch.PutAsync("a value only this process needs", cancellationToken: stoppingToken);
        string? scratchValue = await scratch.GetAsync<string>(key, stoppingToken);
        Console.WriteLine($"scratch value read back: {scratchValue}");

        Metrics metrics = documents.Metrics!.GetMetrics(report)!;
        foreach ((string name, TimeStats time) in metrics.Times.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"{name}: count {time.Count}, avg {time.AvgTimeMs:0.###} ms");
        }

        lifetime.StopApplication();
    }
}

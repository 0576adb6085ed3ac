// A worker service with two ProxyStore stores from appsettings.json ("documents" on files with
// metrics, "scratch" in memory), injected by name, disposed when the host stops, logging
// through ILogger and exporting its spans and metrics to the console through OpenTelemetry.
//
//   dotnet run --project samples/HostedService
using HostedService;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

// appsettings.json is read from beside the program, wherever it is run from.
HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));
builder.Services.AddOpenTelemetry()
    .WithTracing(tracing => tracing.AddProxyStoreInstrumentation().AddConsoleExporter())
    .WithMetrics(metrics => metrics.AddProxyStoreInstrumentation().AddConsoleExporter());
builder.Services.AddHostedService<Worker>();

await builder.Build().RunAsync();

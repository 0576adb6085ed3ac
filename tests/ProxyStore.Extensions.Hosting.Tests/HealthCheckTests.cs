using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using ProxyStore.Connectors;
using ProxyStore.Extensions.Hosting.Tests.Support;
using ProxyStore.Tests.Redis;

namespace ProxyStore.Extensions.Hosting.Tests;

/// <summary>The health check against a real redis-server: healthy while it answers, unhealthy naming the store once it is gone.</summary>
public sealed class HealthCheckTests
{
    [Fact]
    public async Task A_store_whose_redis_server_is_gone_makes_the_check_unhealthy_naming_it()
    {
        using RedisServerProcess server = RedisServerProcess.Start();
        string local = TestHost.Name("health-local"), redis = TestHost.Name("health-redis");
        HostApplicationBuilder builder = TestHost.Builder(new Dictionary<string, string?>(), new CapturingLoggerProvider());
        builder.Services.AddProxyStore()
            .AddStore(local, _ => new LocalConnector())
            .AddStore(redis, _ => new RedisConnector(server.Host, server.Port, new RedisConnectorOptions { OperationTimeout = TimeSpan.FromSeconds(1) }));
        builder.Services.AddHealthChecks().AddProxyStore(timeout: TimeSpan.FromSeconds(3));
        using IHost host = builder.Build();
        await host.StartAsync();
        HealthCheckService health = host.Services.GetRequiredService<HealthCheckService>();

        HealthReport before = await health.CheckHealthAsync();
        server.Kill();
        HealthReport after = await health.CheckHealthAsync();
        await host.StopAsync();

        Assert.Equal(HealthStatus.Healthy, before.Status);
        Assert.Equal(["answers", "answers"], before.Entries["proxystore"].Data.Values.Cast<string>());
        HealthReportEntry entry = after.Entries["proxystore"];
        Assert.Equal(HealthStatus.Unhealthy, after.Status);
        Assert.Contains($"store '{redis}'", entry.Description, StringComparison.Ordinal);
        Assert.DoesNotContain($"store '{local}'", entry.Description, StringComparison.Ordinal);
        Assert.Equal("answers", entry.Data[local]);
        Assert.NotNull(entry.Exception);
    }
}

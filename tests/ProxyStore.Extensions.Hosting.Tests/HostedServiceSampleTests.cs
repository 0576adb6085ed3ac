using ProxyStore.Tests.Support;

namespace ProxyStore.Extensions.Hosting.Tests;

/// <summary>samples/HostedService as a real process: two stores from its appsettings.json, a generated proxy, console telemetry.</summary>
public sealed class HostedServiceSampleTests
{
    [Fact]
    public void The_hosted_service_sample_runs_its_worker_and_stops_cleanly()
    {
        (int exitCode, string output, string error) = ChildProcess.RunDll("HostedService.dll");

        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");
        Assert.Contains("report daily: 100 values, mean 50.5 (through a ReportProxy)", output, StringComparison.Ordinal);
        Assert.Contains("scratch value read back: a value only this process needs", output, StringComparison.Ordinal);
        Assert.Contains("factory.resolve: count 1", output, StringComparison.Ordinal);
        Assert.Contains("Store documents opened over FileConnector", output, StringComparison.Ordinal);
        Assert.Contains("Store scratch closed its connector", output, StringComparison.Ordinal);

        // The console exporters printed ProxyStore's spans and metrics.
        Assert.Contains("Activity.DisplayName:        factory.resolve", output, StringComparison.Ordinal);
        Assert.Contains("proxystore.operation.duration", output, StringComparison.Ordinal);
    }
}

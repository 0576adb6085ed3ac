using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ProxyStore.Extensions.Hosting.Tests.Support;

/// <summary>Builds real hosts (<see cref="Host.CreateApplicationBuilder()"/>) from in-memory settings, with logs captured.</summary>
public static class TestHost
{
    /// <summary>A host builder whose configuration is <paramref name="settings"/> only, logging everything into <paramref name="logs"/>.</summary>
    public static HostApplicationBuilder Builder(IDictionary<string, string?> settings, CapturingLoggerProvider logs, LogLevel minimum = LogLevel.Trace)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = Environments.Development,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(minimum);
        return builder;
    }

    /// <summary>A unique store name, since the registry is process-wide and tests run in parallel.</summary>
    public static string Name(string purpose) => $"{purpose}-{Guid.NewGuid():N}";
}

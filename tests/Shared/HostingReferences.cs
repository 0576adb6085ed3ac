using Microsoft.CodeAnalysis;

namespace ProxyStore.Tests.Shared;

/// <summary>
/// The assemblies a hosted service compiles against (hosting, dependency injection,
/// configuration, options, health checks, logging, OpenTelemetry and ProxyStore.Extensions.Hosting), for the tests that
/// compile the README's blocks and the samples with a fixed reference set.
/// </summary>
internal static class HostingReferences
{
    public static IEnumerable<MetadataReference> All { get; } =
    [
        .. new[]
        {
            typeof(Microsoft.Extensions.Hosting.Host), typeof(Microsoft.Extensions.Hosting.IHost), typeof(Microsoft.Extensions.Hosting.BackgroundService),
            typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection), typeof(Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions),
            typeof(Microsoft.Extensions.Configuration.IConfiguration), typeof(Microsoft.Extensions.Configuration.ConfigurationManager),
            typeof(Microsoft.Extensions.Logging.ILogger), typeof(Microsoft.Extensions.Logging.LoggerFactory),
            typeof(OpenTelemetry.Sdk), typeof(OpenTelemetry.Trace.TracerProviderBuilder), typeof(OpenTelemetry.OpenTelemetryBuilderSdkExtensions),
            typeof(OpenTelemetry.Trace.ConsoleExporterHelperExtensions), typeof(Microsoft.Extensions.DependencyInjection.OpenTelemetryServicesExtensions),
            typeof(Microsoft.Extensions.Options.IOptions<>), typeof(Microsoft.Extensions.DependencyInjection.OptionsServiceCollectionExtensions),
            typeof(Microsoft.Extensions.DependencyInjection.IHealthChecksBuilder), typeof(Microsoft.Extensions.DependencyInjection.HealthChecksBuilderAddCheckExtensions), typeof(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus),
            typeof(ProxyStore.Extensions.Hosting.ProxyStoreBuilder), typeof(OpenTelemetry.Trace.ProxyStoreTracerProviderBuilderExtensions),
        }
        .Select(t => t.Assembly.Location)
        .Distinct(StringComparer.Ordinal)
        .Select(location => MetadataReference.CreateFromFile(location)),
    ];
}

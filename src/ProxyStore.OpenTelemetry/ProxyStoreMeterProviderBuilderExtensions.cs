using ProxyStore;

namespace OpenTelemetry.Metrics;

/// <summary>Collects ProxyStore's metrics with OpenTelemetry.</summary>
public static class ProxyStoreMeterProviderBuilderExtensions
{
    /// <summary>
    /// Adds the <c>ProxyStore</c> meter: <c>proxystore.operation.duration</c> (ms, tagged with the
    /// store and the operation's metric name), <c>proxystore.cache.hits</c>,
    /// <c>proxystore.cache.misses</c>, <c>proxystore.bytes.put</c> and <c>proxystore.bytes.got</c>.
    /// </summary>
    /// <param name="builder">The meter provider builder.</param>
    /// <returns>The builder.</returns>
    public static MeterProviderBuilder AddProxyStoreInstrumentation(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMeter(StoreTelemetry.Name);
    }
}

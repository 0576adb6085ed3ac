using Microsoft.Extensions.Diagnostics.HealthChecks;
using ProxyStore.Extensions.Hosting.HealthChecks;
using ProxyStore.Extensions.Hosting.Stores;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the ProxyStore health check to <c>services.AddHealthChecks()</c>.</summary>
public static class ProxyStoreHealthChecksBuilderExtensions
{
    /// <summary>
    /// Checks that the connector of every store added with <c>AddProxyStore</c> answers (a Redis
    /// server that is down, say): unhealthy, with the failing stores named, when one does not.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="timeout">How long each store may take to answer; 5 seconds when null.</param>
    /// <param name="failureStatus">The status reported when a store does not answer; <see cref="HealthStatus.Unhealthy"/> when null.</param>
    /// <param name="tags">Tags to filter checks by.</param>
    public static IHealthChecksBuilder AddProxyStore(
        this IHealthChecksBuilder builder,
        string name = "proxystore",
        TimeSpan? timeout = null,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        TimeSpan probe = timeout ?? TimeSpan.FromSeconds(5);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(probe, TimeSpan.Zero, nameof(timeout));
        return builder.Add(new HealthCheckRegistration(
            name,
            services => new ProxyStoreHealthCheck(services.GetRequiredService<HostedStores>(), probe),
            failureStatus,
            tags));
    }
}

using ProxyStore;

namespace OpenTelemetry.Trace;

/// <summary>Collects ProxyStore's spans with OpenTelemetry.</summary>
public static class ProxyStoreTracerProviderBuilderExtensions
{
    /// <summary>
    /// Adds the <c>ProxyStore</c> activity source: a span per put, get, proxy and proxy resolution,
    /// named by its metric (<c>store.put</c>, <c>factory.resolve</c>, ...) and tagged with the store
    /// and key. A failed operation's span has an error status and an exception event.
    /// </summary>
    /// <param name="builder">The tracer provider builder.</param>
    /// <returns>The builder.</returns>
    public static TracerProviderBuilder AddProxyStoreInstrumentation(this TracerProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddSource(StoreTelemetry.Name);
    }
}

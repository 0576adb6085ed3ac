namespace ProxyStore.Orleans;

/// <summary>Adds ProxyStore to an Orleans silo.</summary>
public static class ProxyStoreSiloBuilderExtensions
{
    /// <summary>
    /// Adds ProxyStore to the silo: proxies in grain-call arguments and results travel as their
    /// references; the stores of <paramref name="configure"/> are registered in
    /// <see cref="StoreRegistry"/> and in DI (keyed <see cref="Store"/> services by name); and
    /// call filters replace arguments of the silo's outgoing calls and results of its grains by
    /// proxies as the policy says. ProxyStore's exceptions (and the StackExchange.Redis exceptions
    /// inside them) cross grain calls with their type, message and properties.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Adds stores and sets the policy; with none, only the codec is added.</param>
    /// <exception cref="InvalidOperationException">ProxyStore was added to this silo already, or <see cref="ProxyStoreOrleansOptions.CallStore"/> names no added store.</exception>
    public static ISiloBuilder AddProxyStore(this ISiloBuilder builder, Action<ProxyStoreOrleansOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ProxyStoreServices.Add(builder.Services, configure);
        builder.AddIncomingGrainCallFilter<ProxyResultsFilter>();
        return builder;
    }
}

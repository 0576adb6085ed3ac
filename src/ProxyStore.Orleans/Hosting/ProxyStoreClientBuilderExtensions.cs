namespace ProxyStore.Orleans;

/// <summary>Adds ProxyStore to an Orleans client.</summary>
public static class ProxyStoreClientBuilderExtensions
{
    /// <summary>
    /// Adds ProxyStore to the client: proxies in grain-call arguments and results travel as their
    /// references; the stores of <paramref name="configure"/> are registered in
    /// <see cref="StoreRegistry"/> and in DI (keyed <see cref="Store"/> services by name); and a
    /// call filter replaces the arguments of the client's calls by proxies as the policy says,
    /// evicting them when each call completes. ProxyStore's exceptions (and the StackExchange.Redis
    /// exceptions inside them) cross grain calls with their type, message and properties.
    /// </summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="configure">Adds stores and sets the policy; with none, only the codec is added.</param>
    /// <exception cref="InvalidOperationException">ProxyStore was added to this client already, or <see cref="ProxyStoreOrleansOptions.CallStore"/> names no added store.</exception>
    public static IClientBuilder AddProxyStore(this IClientBuilder builder, Action<ProxyStoreOrleansOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ProxyStoreServices.Add(builder.Services, configure);
        return builder;
    }
}

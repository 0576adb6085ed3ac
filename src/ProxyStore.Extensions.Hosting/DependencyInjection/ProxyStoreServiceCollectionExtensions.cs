using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ProxyStore.Extensions.Hosting;
using ProxyStore.Extensions.Hosting.Configuration;
using ProxyStore.Extensions.Hosting.Stores;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds ProxyStore stores to a service collection.</summary>
public static class ProxyStoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds the stores of a ProxyStore configuration section (one child of its <c>Stores</c>
    /// section per store) as keyed <see cref="ProxyStore.Store"/> services, made and validated
    /// when the host starts and disposed when it stops.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The ProxyStore section, such as <c>configuration.GetSection("ProxyStore")</c>.</param>
    /// <returns>A builder to add more stores in code.</returns>
    public static ProxyStoreBuilder AddProxyStore(this IServiceCollection services, IConfiguration configuration) =>
        services.AddProxyStore().AddConfiguration(configuration);

    /// <summary>Adds the ProxyStore services; add stores with the builder returned. Calling it again returns the same stores.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>A builder to add stores in code or from configuration.</returns>
    public static ProxyStoreBuilder AddProxyStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        StoreDefinitions? definitions = services
            .FirstOrDefault(d => !d.IsKeyedService && d.ServiceType == typeof(StoreDefinitions))?.ImplementationInstance as StoreDefinitions;
        if (definitions is null)
        {
            definitions = new StoreDefinitions();
            services.AddSingleton(definitions);
            services.AddOptions();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>());
            services.TryAddSingleton<HostedStores>();
            services.AddHostedService<StoresHostedService>();
        }

        return new ProxyStoreBuilder(services, definitions);
    }

    /// <summary>Adds the ProxyStore services and lets <paramref name="configure"/> add stores.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adds stores, from configuration or in code.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddProxyStore(this IServiceCollection services, Action<ProxyStoreBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(services.AddProxyStore());
        return services;
    }
}

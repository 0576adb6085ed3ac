using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProxyStore.Orleans.Serialization;

namespace ProxyStore.Orleans;

/// <summary>What a silo and a client share: the codec, the stores and the argument filter.</summary>
internal static class ProxyStoreServices
{
    public static ProxyStoreStores Add(IServiceCollection services, Action<ProxyStoreOrleansOptions>? configure)
    {
        if (services.Any(d => d.ServiceType == typeof(ProxyStoreStores)))
        {
            throw new InvalidOperationException("AddProxyStore was called twice on one silo or client; add every store and the policy in one call.");
        }

        var options = new ProxyStoreOrleansOptions();
        configure?.Invoke(options);
        var stores = new ProxyStoreStores(options);

        ProxyCodecRegistration.AddProxyCodec(services);
        ExceptionNamespaces.Add(services);
        services.AddSingleton(stores);
        services.AddHostedService(_ => stores);
        foreach (string name in options.Names)
        {
            services.AddKeyedSingleton(name, (_, _) => stores.Get(name));
        }

        services.AddSingleton(sp => new NonProxiableReporter(sp.GetRequiredService<ILogger<NonProxiableReporter>>(), options.NonProxiable));
        services.AddSingleton<CopiedArgumentReporter>();
        services.AddSingleton<IOutgoingGrainCallFilter, ProxyArgumentsFilter>();
        return stores;
    }
}

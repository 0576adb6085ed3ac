using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;
using Orleans.Serialization.Serializers;

namespace ProxyStore.Orleans.Serialization;

/// <summary>Registers <see cref="ProxyCodec"/> with Orleans' serializer, once per container.</summary>
internal static class ProxyCodecRegistration
{
    public static void AddProxyCodec(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(ProxyCodec)))
        {
            return;
        }

        services.TryAddSingleton<ProxyCodec>();
        services.AddSingleton<IGeneralizedCodec>(sp => sp.GetRequiredService<ProxyCodec>());
        services.AddSingleton<IGeneralizedCopier>(sp => sp.GetRequiredService<ProxyCodec>());
        services.AddSingleton<ITypeFilter>(sp => sp.GetRequiredService<ProxyCodec>());
    }
}

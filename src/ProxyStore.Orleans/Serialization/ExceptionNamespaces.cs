using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace ProxyStore.Orleans.Serialization;

/// <summary>
/// Lets ProxyStore's exceptions cross grain calls. Orleans serializes only exceptions whose
/// namespace starts with one of <see cref="ExceptionSerializationOptions.SupportedNamespacePrefixes"/>;
/// any other fails the call with a <c>CodecNotFoundException</c> that hides the original error (a
/// <see cref="ProxyResolveException"/> naming the key and store of a proxy that could not resolve).
/// </summary>
internal static class ExceptionNamespaces
{
    /// <summary>
    /// ProxyStore's own, and StackExchange.Redis's: a <c>RedisConnectorException</c> (ProxyStore.Redis)
    /// carries the client library's exception as its inner exception, which must travel with it.
    /// </summary>
    public static readonly string[] Prefixes = ["ProxyStore", "StackExchange.Redis"];

    public static void Add(IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(options =>
        {
            foreach (string prefix in Prefixes)
            {
                options.SupportedNamespacePrefixes.Add(prefix);
            }
        });
}

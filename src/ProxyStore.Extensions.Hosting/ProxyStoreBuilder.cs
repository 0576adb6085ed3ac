using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ProxyStore.Connectors;
using ProxyStore.Extensions.Hosting.Configuration;
using ProxyStore.Extensions.Hosting.Stores;

namespace ProxyStore.Extensions.Hosting;

/// <summary>
/// Adds named stores to a service collection. Every store is a keyed singleton
/// (<c>[FromKeyedServices("name")] Store</c>), made when the host starts (or when first
/// resolved, if earlier), registered in <see cref="StoreRegistry"/> so that its proxies resolve
/// through it, and disposed when the host stops. Returned by
/// <see cref="Microsoft.Extensions.DependencyInjection.ProxyStoreServiceCollectionExtensions.AddProxyStore(IServiceCollection)"/>.
/// </summary>
public sealed class ProxyStoreBuilder
{
    private readonly StoreDefinitions _definitions;

    internal ProxyStoreBuilder(IServiceCollection services, StoreDefinitions definitions)
    {
        Services = services;
        _definitions = definitions;
    }

    /// <summary>The service collection the stores are added to.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Adds the stores of a ProxyStore configuration section: its <c>Stores</c> child holds one
    /// section per store, named by the store. The names are read now; everything else is
    /// read and validated when the host starts.
    /// </summary>
    /// <param name="configuration">The ProxyStore section, such as <c>configuration.GetSection("ProxyStore")</c>.</param>
    /// <exception cref="ArgumentException">A store of one of these names was added already.</exception>
    public ProxyStoreBuilder AddConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _definitions.Configurations.Add(configuration);
        foreach (string name in StoreSettings.Names(configuration))
        {
            AddName(name, $"configuration section {StoreSource(configuration, name)}");

            // Bound when the options are first asked for, so sources added later apply.
            Services.AddOptions<StoreOptions>(name)
                .Configure(options => StoreSettings.Bind(configuration.GetSection(StoreSettings.StoresKey).GetSection(name), options));
        }

        return this;
    }

    /// <summary>
    /// Gives the process the application's reference key when the host starts (see
    /// <see cref="ReferenceKeys"/>): its references are signed, and references not signed with a
    /// key it holds are refused. A configuration section may give it instead, as
    /// <c>ReferenceKey</c> (Base64, from a secret store) or <c>ReferenceKeyEnvironmentVariable</c>.
    /// </summary>
    /// <param name="key">The key, such as <c>ReferenceKey.FromEnvironment("APP_REFERENCE_KEY")</c>.</param>
    public ProxyStoreBuilder UseReferenceKey(ReferenceKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _definitions.ReferenceKeys.Add(key);
        return this;
    }

    /// <summary>
    /// Adds a store named <paramref name="name"/> over the connector <paramref name="connector"/>
    /// makes, with its <see cref="StoreOptions"/> named <paramref name="name"/>: later
    /// <c>Configure&lt;StoreOptions&gt;(name, ...)</c> calls apply, and the options are validated
    /// when the host starts.
    /// </summary>
    /// <param name="name">The store's name and service key.</param>
    /// <param name="connector">Makes the connector when the store is made; the store owns it and closes it when the host stops.</param>
    /// <param name="configure">Sets the store's cache size, metrics, serializer and proxy defaults.</param>
    /// <exception cref="ArgumentException">A store of this name was added already, or <paramref name="name"/> is empty.</exception>
    public ProxyStoreBuilder AddStore(string name, Func<IServiceProvider, IConnector> connector, Action<StoreOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(connector);
        AddName(name, $"AddStore(\"{name}\")");
        Services.AddOptions<StoreOptions>(name).Configure(options =>
        {
            options.Source ??= $"AddStore(\"{name}\")";
            options.Connector = connector;
            configure?.Invoke(options);
        });
        return this;
    }

    /// <summary>
    /// Adds a store that <paramref name="factory"/> makes. The host registers it in
    /// <see cref="StoreRegistry"/> (if the factory did not) and disposes it when it stops.
    /// </summary>
    /// <param name="name">The store's service key; the store the factory makes must have this name.</param>
    /// <param name="factory">Makes the store.</param>
    /// <exception cref="ArgumentException">A store of this name was added already, or <paramref name="name"/> is empty.</exception>
    public ProxyStoreBuilder AddStore(string name, Func<IServiceProvider, Store> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        return Add(new StoreDefinition(name, $"AddStore(\"{name}\")", (services, _) => factory(services)));
    }

    private ProxyStoreBuilder Add(StoreDefinition definition)
    {
        AddName(definition.Name, definition.Source);
        _definitions.Added.Add(definition);
        return this;
    }

    private void AddName(string name, string source)
    {
        if (!_definitions.Names.TryAdd(name, source))
        {
            throw new ArgumentException($"A ProxyStore store named '{name}' was added twice: by {_definitions.Names[name]} and by {source}.", nameof(name));
        }

        Services.AddKeyedSingleton(name, static (services, key) => services.GetRequiredService<HostedStores>().Get((string)key!));
    }

    private static string StoreSource(IConfiguration configuration, string name) =>
        configuration is IConfigurationSection section ? $"{section.Path}:{StoreSettings.StoresKey}:{name}" : $"{StoreSettings.StoresKey}:{name}";
}

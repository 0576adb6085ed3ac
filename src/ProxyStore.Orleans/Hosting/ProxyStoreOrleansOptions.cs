namespace ProxyStore.Orleans;

/// <summary>
/// What <c>AddProxyStore</c> sets up on a silo or client: the stores it registers, and the
/// policy by which its call filters replace arguments and results with proxies (Python
/// ProxyStore's <c>StoreExecutor</c> options).
/// </summary>
public sealed class ProxyStoreOrleansOptions
{
    private readonly List<StoreConfig> _configs = [];
    private readonly List<Store> _stores = [];

    /// <summary>
    /// Adds a store made from <paramref name="config"/> when the host starts (or found in
    /// <see cref="StoreRegistry"/> if one of its name is registered there already), registered in
    /// <see cref="StoreRegistry"/> and in DI as a keyed <see cref="Store"/> service under its name.
    /// The store lives until the process exits and then closes without clearing, as stores that
    /// <see cref="StoreRegistry.GetOrCreate"/> makes do.
    /// </summary>
    /// <exception cref="ArgumentException">The config has no name, or a store of that name is added already.</exception>
    public ProxyStoreOrleansOptions AddStore(StoreConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentException.ThrowIfNullOrWhiteSpace(config.Name, nameof(config));
        ThrowIfAdded(config.Name);
        _configs.Add(config);
        return this;
    }

    /// <summary>
    /// Adds <paramref name="store"/>, registered in <see cref="StoreRegistry"/> and in DI as a
    /// keyed <see cref="Store"/> service under its name. The caller keeps owning it and disposes it.
    /// </summary>
    /// <exception cref="ArgumentException">A store of that name is added already.</exception>
    public ProxyStoreOrleansOptions AddStore(Store store)
    {
        ArgumentNullException.ThrowIfNull(store);
        ThrowIfAdded(store.Name);
        _stores.Add(store);
        return this;
    }

    /// <summary>The store the call filters put proxied arguments and results in; the first store added when null.</summary>
    public string? CallStore { get; set; }

    /// <summary>Which arguments and results become proxies; <see cref="ProxyNever"/> (the default) leaves every call as it is.</summary>
    public ProxyPolicy Policy { get; set; } = ProxyNever.Instance;

    /// <summary>What becomes of results the policy proxied; <see cref="ResultProxies.EvictOnResolve"/> by default.</summary>
    public ResultProxies Results { get; set; } = ResultProxies.EvictOnResolve;

    /// <summary>What happens to a value the policy selects whose declared type cannot be proxied.</summary>
    public NonProxiableParameters NonProxiable { get; set; } = NonProxiableParameters.LogAndSendByValue;

    internal IReadOnlyList<StoreConfig> Configs => _configs;

    internal IReadOnlyList<Store> Stores => _stores;

    internal IEnumerable<string> Names => _configs.Select(c => c.Name).Concat(_stores.Select(s => s.Name));

    /// <summary>The name of the store the filters use, checked against the stores added.</summary>
    internal string? ResolveCallStore()
    {
        if (CallStore is null)
        {
            return Names.FirstOrDefault();
        }

        return Names.Contains(CallStore, StringComparer.Ordinal)
            ? CallStore
            : throw new InvalidOperationException(
                $"ProxyStore's CallStore is '{CallStore}', but no store of that name was added; added: {string.Join(", ", Names.Select(n => $"'{n}'"))}.");
    }

    private void ThrowIfAdded(string name)
    {
        if (Names.Contains(name, StringComparer.Ordinal))
        {
            throw new ArgumentException($"A store named '{name}' is added to ProxyStore already.", nameof(name));
        }
    }
}

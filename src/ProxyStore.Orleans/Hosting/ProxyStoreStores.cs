using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;

namespace ProxyStore.Orleans;

/// <summary>
/// The stores one silo or client was given, registered in <see cref="StoreRegistry"/> when the
/// host starts (so that proxies arriving in this process resolve through them) or at first use.
/// </summary>
internal sealed class ProxyStoreStores : IHostedService
{
    private readonly Dictionary<string, StoreConfig> _configs;
    private readonly ConcurrentDictionary<string, Store> _stores = new(StringComparer.Ordinal);

    public ProxyStoreStores(ProxyStoreOrleansOptions options)
    {
        _configs = options.Configs.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (Store store in options.Stores)
        {
            _stores[store.Name] = store;
        }

        Options = options;
        CallStoreName = options.ResolveCallStore();
    }

    public ProxyStoreOrleansOptions Options { get; }

    public string? CallStoreName { get; }

    /// <summary>The store named <paramref name="name"/>, made or registered on first use.</summary>
    public Store Get(string name)
    {
        if (_stores.TryGetValue(name, out Store? store) && !store.IsDisposed)
        {
            // Before the host starts (or after another store took the name), register it now.
            if (!ReferenceEquals(StoreRegistry.Get(name), store))
            {
                StoreRegistry.Register(store);
            }

            return store;
        }

        if (!_configs.TryGetValue(name, out StoreConfig? config))
        {
            throw new InvalidOperationException($"No store named '{name}' was added to ProxyStore on this host.");
        }

        return _stores[name] = Kept(StoreRegistry.GetOrCreate(config));
    }

    /// <summary>The store the filters use.</summary>
    public Store CallStore => Get(CallStoreName ?? throw new InvalidOperationException(
        "ProxyStore's call filters have a policy but no store: add one with options.AddStore(...)."));

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (Store store in Options.Stores)
        {
            StoreRegistry.Register(store);
        }

        foreach (StoreConfig config in _configs.Values)
        {
            _stores[config.Name] = Kept(await StoreRegistry.GetOrCreateAsync(config, cancellationToken).ConfigureAwait(false));
        }
    }

    // The registry drops a store it made on demand when the first proxy resolved through it fails
    // (the config may have been a wrong guess); this host keeps its stores for its whole life, so a
    // failed first resolution (an evicted key, an owner gone) must leave it registered.
    private static Store Kept(Store store)
    {
        store.Confirm();
        return store;
    }

    // The stores stay: stores made from configs are shared by every host of the process through the registry, and closed at exit.
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ProxyStore.Connectors;
using ProxyStore.Extensions.Hosting.Configuration;

namespace ProxyStore.Extensions.Hosting.Stores;

/// <summary>
/// The stores of one service provider: validates every definition when first asked (so a bad
/// configuration fails the start with all its problems), makes each store once, and disposes
/// those it made, in reverse order, when the host stops or the provider is disposed.
/// Thread-safe.
/// </summary>
internal sealed class HostedStores : IDisposable, IAsyncDisposable
{
    private readonly IServiceProvider _services;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _log;
    private readonly Lazy<Dictionary<string, StoreDefinition>> _definitions;
    private readonly Dictionary<string, Store> _made = new(StringComparer.Ordinal);
    private readonly List<Store> _order = [];
    private readonly Lock _lock = new();
    private bool _disposed;

    public HostedStores(IServiceProvider services, StoreDefinitions definitions, IOptionsMonitor<StoreOptions> options, ILoggerFactory? loggers = null)
    {
        _services = services;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _log = _loggers.CreateLogger(HostingLog.Category);

        // Validated when first asked, not when made: the host resolves its hosted services before
        // its own ValidateOnStart validators run, and those should report first.
        _definitions = new(() => Validate(definitions, options));
    }

    private Dictionary<string, StoreDefinition> Validate(StoreDefinitions definitions, IOptionsMonitor<StoreOptions> options)
    {
        var reader = new SettingsReader();
        var problems = new List<string>();
        var keys = new List<ReferenceKey>(definitions.ReferenceKeys);
        foreach (var configuration in definitions.Configurations)
        {
            if (StoreSettings.Empty(configuration) is { } empty)
            {
                problems.Add(empty);
            }

            if (ReferenceKeySettings.Read(configuration, reader) is { } key)
            {
                keys.Add(key);
            }
        }

        var all = new List<StoreDefinition>(definitions.Added);
        var made = definitions.Added.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        foreach (string name in definitions.Names.Keys.Where(n => !made.Contains(n)))
        {
            try
            {
                all.Add(FromOptions(name, options.Get(name)));
            }
            catch (OptionsValidationException e)
            {
                problems.AddRange(e.Failures);
            }
        }

        problems.AddRange(reader.Problems);
        if (problems.Count > 0)
        {
            var error = new ProxyStoreConfigurationException(problems);
            HostingLog.ConfigurationInvalid(_log, error);
            throw error;
        }

        // Held before any store is made, so no reference is written or read unsigned meanwhile.
        foreach (ReferenceKey key in keys)
        {
            ReferenceKeys.Add(key);
        }

        return all.ToDictionary(d => d.Name, StringComparer.Ordinal);
    }

    private static StoreDefinition FromOptions(string name, StoreOptions options) => new(
        name,
        options.Source ?? name,
        (services, logger) => new Store(
            name,
            options.Connector!(services),
            options.Serializer,
            options.CacheSize,
            options.Metrics,
            options.PopulateTarget,
            register: true,
            options.CacheBytes) { Logger = logger });

    /// <summary>The names of every store this provider makes.</summary>
    public IReadOnlyCollection<string> Names => _definitions.Value.Keys;

    /// <summary>The store named <paramref name="name"/>, made now if it was not yet.</summary>
    /// <exception cref="ProxyStoreConfigurationException">The store cannot be made; the message names its configuration key.</exception>
    public Store Get(string name)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_made.TryGetValue(name, out Store? store))
            {
                return store;
            }

            if (!_definitions.Value.TryGetValue(name, out StoreDefinition? definition))
            {
                throw new InvalidOperationException($"No ProxyStore store named '{name}' was added; the stores are: {string.Join(", ", _definitions.Value.Keys)}.");
            }

            // Made under the lock: a store is made once, and stores are few and made at start-up.
            store = Make(definition);
            _made[name] = store;
            _order.Add(store);
            return store;
        }
    }

    /// <summary>Makes every store not made yet: a store that cannot be made stops the host's start.</summary>
    public void MakeAll()
    {
        foreach (string name in _definitions.Value.Keys)
        {
            Get(name);
        }
    }

    private Store Make(StoreDefinition definition)
    {
        Store store;
        try
        {
            store = definition.Create(_services, _loggers.CreateLogger(StoreLogCategory));
        }
        catch (Exception e) when (e is not ProxyStoreConfigurationException)
        {
            // A store refused its name closed its connector without clearing: the objects may be the other store's.
            string problem = e is StoreExistsException
                ? $"another store named '{definition.Name}' is registered in StoreRegistry already."
                : $"store '{definition.Name}' cannot be made: {e.Message}";
            var error = new ProxyStoreConfigurationException($"{definition.Source}: {problem}", e);
            HostingLog.StoreFailed(_log, definition.Name, definition.Source, error);
            throw error;
        }

        if (!string.Equals(store.Name, definition.Name, StringComparison.Ordinal))
        {
            ConnectorShutdown.CloseKeepingStorage(store.Connector);
            store.Dispose();
            throw new ProxyStoreConfigurationException($"{definition.Source}: the factory made a store named '{store.Name}', not '{definition.Name}'.");
        }

        try
        {
            // A factory's store may not have registered itself.
            StoreRegistry.Register(store);
        }
        catch (StoreExistsException e)
        {
            ConnectorShutdown.CloseKeepingStorage(store.Connector);
            store.Dispose();
            throw new ProxyStoreConfigurationException($"{definition.Source}: another store named '{definition.Name}' is registered in StoreRegistry already.", e);
        }

        return store;
    }

    /// <summary>The category of the loggers the stores get.</summary>
    public const string StoreLogCategory = "ProxyStore.Store";

    public void Dispose()
    {
        List<Store> stores = TakeForDisposal();
        var errors = new List<Exception>();
        foreach (Store store in stores)
        {
            try
            {
                store.Dispose();
            }
            catch (Exception e)
            {
                HostingLog.StoreStopFailed(_log, store.Name, e);
                errors.Add(e);
            }
        }

        ThrowIfAny(errors);
    }

    public async ValueTask DisposeAsync()
    {
        List<Store> stores = TakeForDisposal();
        var errors = new List<Exception>();
        foreach (Store store in stores)
        {
            try
            {
                await store.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                HostingLog.StoreStopFailed(_log, store.Name, e);
                errors.Add(e);
            }
        }

        ThrowIfAny(errors);
    }

    private List<Store> TakeForDisposal()
    {
        lock (_lock)
        {
            _disposed = true;
            var stores = new List<Store>(_order);
            stores.Reverse();
            _order.Clear();
            _made.Clear();
            return stores;
        }
    }

    private static void ThrowIfAny(List<Exception> errors)
    {
        if (errors.Count > 0)
        {
            throw new AggregateException("Some ProxyStore stores failed to close their connectors; the others were closed.", errors);
        }
    }
}

using ProxyStore.Connectors;
using ProxyStore.Serialization;

namespace ProxyStore.Extensions.Hosting;

/// <summary>
/// The settings of one hosted store, as named options: the name is the store's name. A store
/// from configuration is bound from its section (<c>ProxyStore:Stores:&lt;name&gt;</c>); a store
/// added with <see cref="ProxyStoreBuilder.AddStore(string, Func{IServiceProvider, IConnector}, Action{StoreOptions}?)"/>
/// from its delegate. Later <c>services.Configure&lt;StoreOptions&gt;(name, ...)</c> and
/// <c>PostConfigure</c> calls apply on top, and <see cref="Microsoft.Extensions.Options.IValidateOptions{TOptions}"/>
/// validators run with the library's own when the host starts.
/// </summary>
public sealed class StoreOptions
{
    /// <summary>Makes the store's connector when the store is made; the store owns it and closes it when the host stops.</summary>
    public Func<IServiceProvider, IConnector>? Connector { get; set; }

    /// <summary>How many objects the store's LRU cache keeps; 0 disables it. Default <see cref="Store.DefaultCacheSize"/>.</summary>
    public int CacheSize { get; set; } = Store.DefaultCacheSize;

    /// <summary>The most bytes the store's cache keeps together; a larger value is never cached. Default <see cref="Store.DefaultCacheBytes"/>.</summary>
    public long CacheBytes { get; set; } = Store.DefaultCacheBytes;

    /// <summary>Whether the store records metrics in <see cref="Store.Metrics"/>. Default false.</summary>
    public bool Metrics { get; set; }

    /// <summary>The store-wide default of <c>populateTarget</c> for proxies. Default false.</summary>
    public bool PopulateTarget { get; set; }

    /// <summary>How objects become bytes; <see cref="DefaultSerializer"/> when null.</summary>
    public ISerializer? Serializer { get; set; }

    /// <summary>Where the store was defined, for messages: its configuration path or the builder call.</summary>
    internal string? Source { get; set; }

    /// <summary>What binding its configuration section found wrong, each naming its key.</summary>
    internal List<string> Problems { get; } = [];
}

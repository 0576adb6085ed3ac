using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProxyStore.Connectors;
using ProxyStore.Extensions.Hosting.Stores;
using ProxyStore.Serialization;

namespace ProxyStore.Extensions.Hosting.Configuration;

/// <summary>
/// Reads the <c>Stores</c> section of a ProxyStore configuration: one child per store, named by
/// its key, with <c>Connector</c>, <c>CacheSize</c>, <c>CacheBytes</c>, <c>Metrics</c>, <c>PopulateTarget</c> and
/// <c>Serializer</c> (an <see cref="ISerializer"/> type as <c>Namespace.Type, Assembly</c>).
/// </summary>
internal static class StoreSettings
{
    /// <summary>The key of the section that lists the stores.</summary>
    public const string StoresKey = "Stores";

    private static readonly string[] Known = ["Connector", "CacheSize", "CacheBytes", "Metrics", "PopulateTarget", "Serializer"];

    /// <summary>The names of the stores in <paramref name="configuration"/>, read when services are registered.</summary>
    public static IEnumerable<string> Names(IConfiguration configuration) =>
        configuration.GetSection(StoresKey).GetChildren().Select(store => store.Key);

    /// <summary>The problem of a ProxyStore section that lists no store, or null.</summary>
    public static string? Empty(IConfiguration configuration)
    {
        IConfigurationSection stores = configuration.GetSection(StoresKey);
        return stores.GetChildren().Any()
            ? null
            : $"{stores.Path}: lists no stores; add one section per store, named by the store, with at least a Connector.";
    }

    /// <summary>
    /// Binds a store's section onto <paramref name="options"/>: a key that is present replaces
    /// the value, an absent one keeps it. What is wrong goes to <see cref="StoreOptions.Problems"/>.
    /// </summary>
    public static void Bind(IConfigurationSection section, StoreOptions options)
    {
        var reader = new SettingsReader();
        reader.RejectUnknown(section, Known);
        options.Source = section.Path;
        IConfigurationSection connector = section.GetSection("Connector");
        if (connector.Exists() || options.Connector is null)
        {
            Func<ILogger?, IConnector>? create = ConnectorSettings.Read(connector, reader, section.Key);
            options.Connector = create is null ? null : services => create(StoreLogger(services));
        }

        options.CacheSize = reader.Int(section, "CacheSize", options.CacheSize, min: 0, max: int.MaxValue);
        options.CacheBytes = reader.Long(section, "CacheBytes", options.CacheBytes);
        options.Metrics = reader.Bool(section, "Metrics", options.Metrics);
        options.PopulateTarget = reader.Bool(section, "PopulateTarget", options.PopulateTarget);
        options.Serializer = ReadSerializer(section, reader) ?? options.Serializer;
        options.Problems.AddRange(reader.Problems);
    }

    // The logger the store gets too (HostedStores makes it of the same category), so what the
    // connector logs reads as the store's.
    private static ILogger? StoreLogger(IServiceProvider services) =>
        services.GetService<ILoggerFactory>()?.CreateLogger(HostedStores.StoreLogCategory);

    private static ISerializer? ReadSerializer(IConfigurationSection section, SettingsReader reader)
    {
        string? typeName = reader.String(section, "Serializer");
        if (typeName is null)
        {
            return null;
        }

        try
        {
            return SerializerTypes.Create(typeName);
        }
        catch (ArgumentException e)
        {
            reader.Problem(section.GetSection("Serializer"), e.Message);
            return null;
        }
    }
}

using Microsoft.Extensions.Configuration;
using ProxyStore.Connectors;
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

    /// <summary>The names of the stores in <paramref name="configuration"/>, read when services are registered.</summary>
    public static IEnumerable<string> Names(IConfiguration configuration) =>
        configuration.GetSection(StoresKey).GetChildren().Select(store => store.Key);

    /// <summary>Every store of <paramref name="configuration"/>; the problems of all of them go to <paramref name="reader"/>.</summary>
    public static IEnumerable<StoreDefinition> Read(IConfiguration configuration, SettingsReader reader)
    {
        IConfigurationSection stores = configuration.GetSection(StoresKey);
        if (!stores.GetChildren().Any())
        {
            reader.Problem(stores, "lists no stores; add one section per store, named by the store, with at least a Connector.");
            yield break;
        }

        foreach (IConfigurationSection store in stores.GetChildren())
        {
            if (Read(store, reader) is { } definition)
            {
                yield return definition;
            }
        }
    }

    private static StoreDefinition? Read(IConfigurationSection section, SettingsReader reader)
    {
        int before = reader.Problems.Count;
        reader.RejectUnknown(section, "Connector", "CacheSize", "CacheBytes", "Metrics", "PopulateTarget", "Serializer");
        Func<IConnector>? connector = ConnectorSettings.Read(section.GetSection("Connector"), reader);
        int cacheSize = reader.Int(section, "CacheSize", Store.DefaultCacheSize, min: 0, max: int.MaxValue);
        long cacheBytes = reader.Long(section, "CacheBytes", Store.DefaultCacheBytes);
        bool metrics = reader.Bool(section, "Metrics", fallback: false);
        bool populateTarget = reader.Bool(section, "PopulateTarget", fallback: false);
        ISerializer? serializer = ReadSerializer(section, reader);
        if (reader.Problems.Count != before)
        {
            return null;
        }

        string name = section.Key;
        return new StoreDefinition(
            name,
            section.Path,
            (_, logger) => new Store(name, connector!(), serializer, cacheSize, metrics, populateTarget, register: true, cacheBytes) { Logger = logger });
    }

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

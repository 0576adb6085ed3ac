using Microsoft.Extensions.Configuration;

namespace ProxyStore.Extensions.Hosting.Configuration;

/// <summary>What <see cref="ProxyStoreBuilder"/> collected: one instance per service collection.</summary>
internal sealed class StoreDefinitions
{
    /// <summary>Each store name and where it was added, so a name is never used twice.</summary>
    public Dictionary<string, string> Names { get; } = new(StringComparer.Ordinal);

    /// <summary>The ProxyStore configuration sections, read when the host starts.</summary>
    public List<IConfiguration> Configurations { get; } = [];

    /// <summary>The stores added with a factory that makes the whole store; the others are made from their <see cref="StoreOptions"/>.</summary>
    public List<StoreDefinition> Added { get; } = [];

    /// <summary>The reference keys given in code.</summary>
    public List<ReferenceKey> ReferenceKeys { get; } = [];
}

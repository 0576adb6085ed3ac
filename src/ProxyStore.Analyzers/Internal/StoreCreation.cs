using Microsoft.CodeAnalysis;

namespace ProxyStore.Analyzers.Internal;

/// <summary>A metrics store created unregistered: where, the name to show, and the type whose code creates it.</summary>
internal sealed class StoreCreation
{
    public StoreCreation(Location location, string name, INamedTypeSymbol type)
    {
        Location = location;
        Name = name;
        Type = type;
    }

    public Location Location { get; }

    public string Name { get; }

    public INamedTypeSymbol Type { get; }
}

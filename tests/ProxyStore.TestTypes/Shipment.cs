namespace ProxyStore.TestTypes;

/// <summary>A stored object whose type lives in an assembly of its own.</summary>
[ProxyStore.Storable]
public sealed record Shipment(string Destination, int Crates, List<string> Labels)
{
    /// <summary>Where the crates are kept, by crate number.</summary>
    public Dictionary<int, Bay> Bays { get; init; } = [];
}

namespace ProxyStore.TestTypes;

/// <summary>A place in a warehouse: stored inside a <see cref="Shipment"/>.</summary>
[ProxyStore.Storable]
public sealed record Bay(string Aisle, int Shelf);

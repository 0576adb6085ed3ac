namespace ProxyStore.Serialization;

/// <summary>
/// Turns objects into bytes for a connector and back. Implementations must be thread-safe
/// and must have a public parameterless constructor if stores using them are recreated
/// from a <see cref="StoreConfig"/>.
/// </summary>
public interface ISerializer
{
    /// <summary>Serializes <paramref name="value"/>, which may be <see langword="null"/>.</summary>
    byte[] Serialize(object? value);

    /// <summary>
    /// Deserializes <paramref name="data"/> into an object assignable to
    /// <paramref name="requestedType"/>.
    /// </summary>
    /// <exception cref="InvalidCastException">The stored object is not a <paramref name="requestedType"/>.</exception>
    object? Deserialize(ReadOnlyMemory<byte> data, Type requestedType);
}

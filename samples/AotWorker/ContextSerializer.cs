using ProxyStore.Serialization;

namespace AotWorker;

/// <summary>
/// The default serializer over <see cref="WorkerJsonContext"/>. A type of its own, with a
/// public parameterless constructor, so a store's config (which proxies carry) can name it.
/// </summary>
public sealed class ContextSerializer : ISerializer
{
    private readonly DefaultSerializer _inner = new(WorkerJsonContext.Default);

    /// <inheritdoc />
    public byte[] Serialize(object? value) => _inner.Serialize(value);

    /// <inheritdoc />
    public object? Deserialize(ReadOnlyMemory<byte> data, Type requestedType) => _inner.Deserialize(data, requestedType);
}

using ProxyStore.Serialization;

namespace ProxyStore.Tests.Support;

/// <summary>A serializer that refuses every object, to test what a refused value leaves behind.</summary>
public sealed class RefusingSerializer : ISerializer
{
    public byte[] Serialize(object? value) => throw new NotSupportedException("This serializer refuses everything.");

    public object? Deserialize(ReadOnlyMemory<byte> data, Type requestedType) => DefaultSerializer.Instance.Deserialize(data, requestedType);
}

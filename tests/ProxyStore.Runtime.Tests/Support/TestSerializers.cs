using ProxyStore.Serialization;

namespace ProxyStore.Tests.Support;

/// <summary>
/// A custom serializer: the default format with every byte XOR-ed, so a test can tell
/// from the bytes on disk that the store used it, both ways.
/// </summary>
public sealed class XorSerializer : ISerializer
{
    public const byte Mask = 0x5A;

    public byte[] Serialize(object? value)
    {
        byte[] data = DefaultSerializer.Instance.Serialize(value);
        for (int i = 0; i < data.Length; i++)
        {
            data[i] ^= Mask;
        }

        return data;
    }

    public object? Deserialize(ReadOnlyMemory<byte> data, Type requestedType)
    {
        byte[] copy = data.ToArray();
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] ^= Mask;
        }

        return DefaultSerializer.Instance.Deserialize(copy, requestedType);
    }
}

/// <summary>A serializer whose deserialization always fails, like a user's buggy deserializer.</summary>
public sealed class FailingDeserializer : ISerializer
{
    public byte[] Serialize(object? value) => DefaultSerializer.Instance.Serialize(value);

    public object? Deserialize(ReadOnlyMemory<byte> data, Type requestedType) =>
        throw new FormatException("this deserializer always fails");
}

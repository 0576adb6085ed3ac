namespace ProxyStore.Serialization.Arrays;

/// <summary>The head of an array stored alone: its .NET type, elements, container, .npy header, and where its data starts in the serialized object.</summary>
internal sealed record StoredArray(Type Type, ElementCodec Codec, ArrayContainer Container, NpyHeader Header, int DataOffset);

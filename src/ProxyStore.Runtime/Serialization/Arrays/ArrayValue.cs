namespace ProxyStore.Serialization.Arrays;

/// <summary>
/// An array of unmanaged elements about to be stored as its raw bytes: its elements' codec, its
/// shape (C order) and its bytes, which are the caller's own memory.
/// </summary>
internal readonly record struct ArrayValue(ElementCodec Codec, ArrayContainer Container, long[] Shape, ReadOnlyMemory<byte> Bytes)
{
    /// <summary>The .NET type the value comes back as.</summary>
    public Type Type => Codec.ContainerType(Container, Shape.Length);

    /// <summary>The NumPy header that describes it.</summary>
    public NpyHeader Header => new(Codec.Descr, FortranOrder: false, Shape);
}

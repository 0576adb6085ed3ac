using System.Runtime.InteropServices;

namespace ProxyStore.Tests.Arrays;

/// <summary>Bit-for-bit comparison of arrays of unmanaged values: NaN payloads and -0.0 included, which equality does not see.</summary>
public static class ArrayAssert
{
    public static void BitEqual(Array expected, Array? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Equal(expected.Rank, actual.Rank);
        for (int d = 0; d < expected.Rank; d++)
        {
            Assert.Equal(expected.GetLength(d), actual.GetLength(d));
        }

        Assert.True(Bytes(expected).SequenceEqual(Bytes(actual)), $"the {expected.GetType().Name} read back differs in its bits");
    }

    public static void BitEqual<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual)
        where T : unmanaged
    {
        Assert.Equal(expected.Length, actual.Length);
        Assert.True(MemoryMarshal.AsBytes(expected).SequenceEqual(MemoryMarshal.AsBytes(actual)), $"the {typeof(T).Name} elements read back differ in their bits");
    }

    private static ReadOnlySpan<byte> Bytes(Array array) =>
        MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(array), array.Length * System.Runtime.CompilerServices.RuntimeHelpers.SizeOf(array.GetType().GetElementType()!.TypeHandle));
}

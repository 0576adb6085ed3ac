using System.Numerics;

namespace ProxyStore.Serialization.Arrays;

/// <summary>
/// The NumPy dtype (<c>descr</c>) of an unmanaged .NET element type, little-endian as this
/// process stores it: <c>'&lt;f8'</c> for <see cref="double"/>, <c>'|b1'</c> for
/// <see cref="bool"/>, <c>'|V16'</c> for a 16-byte struct NumPy has no type for.
/// </summary>
/// <remarks>
/// Enums take their underlying type's dtype and <see cref="char"/> is <c>'&lt;u2'</c>: NumPy reads
/// the numbers, and .NET gets the enum or char back from the type name the frame carries
/// beside the array. Structs of unmanaged fields, <see cref="decimal"/>, <see cref="DateTime"/>,
/// <see cref="Guid"/> and <see cref="Int128"/> are opaque void records (<c>'|V'</c> and their size).
/// </remarks>
internal static class NpyDtype
{
    /// <summary>The descr of <paramref name="elementType"/>, an unmanaged type of <paramref name="size"/> bytes.</summary>
    public static string Of(Type elementType, int size)
    {
        Type t = elementType.IsEnum ? Enum.GetUnderlyingType(elementType) : elementType;
        return t switch
        {
            _ when t == typeof(bool) => "|b1",
            _ when t == typeof(sbyte) => "|i1",
            _ when t == typeof(byte) => "|u1",
            _ when t == typeof(short) => "<i2",
            _ when t == typeof(ushort) || t == typeof(char) => "<u2",
            _ when t == typeof(int) => "<i4",
            _ when t == typeof(uint) => "<u4",
            _ when t == typeof(long) => "<i8",
            _ when t == typeof(ulong) => "<u8",
            _ when t == typeof(nint) => IntPtr.Size == 8 ? "<i8" : "<i4",
            _ when t == typeof(nuint) => IntPtr.Size == 8 ? "<u8" : "<u4",
            _ when t == typeof(Half) => "<f2",
            _ when t == typeof(float) => "<f4",
            _ when t == typeof(double) => "<f8",
            _ when t == typeof(Complex) => "<c16",
            _ => "|V" + size.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    /// <summary>
    /// The .NET element type NumPy's <paramref name="descr"/> reads as when the frame names no
    /// .NET type (an array written by NumPy); <see langword="null"/> for a descr with no such
    /// type (big-endian, objects, strings, records, datetimes).
    /// </summary>
    public static Type? ElementTypeOf(string descr) => descr switch
    {
        "|b1" or "b1" or "?" => typeof(bool),
        "|i1" or "i1" => typeof(sbyte),
        "|u1" or "u1" => typeof(byte),
        "<i2" => typeof(short),
        "<u2" => typeof(ushort),
        "<i4" => typeof(int),
        "<u4" => typeof(uint),
        "<i8" => typeof(long),
        "<u8" => typeof(ulong),
        "<f2" => typeof(Half),
        "<f4" => typeof(float),
        "<f8" => typeof(double),
        "<c16" => typeof(Complex),
        _ => null,
    };

    /// <summary>Why <paramref name="descr"/> cannot hold elements of <paramref name="elementType"/> (<paramref name="size"/> bytes), or <see langword="null"/> when it can.</summary>
    public static string? Mismatch(string descr, Type elementType, int size)
    {
        string expected = Of(elementType, size);
        if (descr == expected)
        {
            return null;
        }

        // NumPy writes single-byte types with '|' and reads them without; both are the same type.
        if (expected.Length == 3 && expected[0] == '|' && descr == expected[1..])
        {
            return null;
        }

        if (descr.Length > 0 && descr[0] == '>')
        {
            return $"its dtype '{descr}' is big-endian, and this reader reads little-endian arrays only";
        }

        return descr.StartsWith('|') && descr.Length > 1 && descr[1] == 'O' || descr == "O"
            ? $"its dtype '{descr}' holds Python objects, which are not stored as raw bytes"
            : $"its dtype '{descr}' does not hold {elementType.FullName} elements (dtype '{expected}')";
    }
}

using System.Globalization;

namespace ProxyStore.Connectors;

/// <summary>
/// How large one stored object (a store's frame) may be and still be read back, and the refusal
/// of a put over a limit. Every connector's get reads an object into one byte array, so no object
/// may be larger than an array can be; a connector may take less (<see cref="IObjectSizeLimit"/>).
/// A put is refused before anything is written, rather than succeed with an object no get can read.
/// </summary>
internal static class ObjectSizeLimit
{
    /// <summary>The most bytes a get can read back: those of the largest byte array.</summary>
    public static long Readable => Array.MaxLength;

    /// <summary>Why <see cref="Readable"/>, to follow "more than".</summary>
    public static string ReadableReason => $"the {Bytes(Readable)} bytes (Array.MaxLength) of the one byte array a get reads an object into";

    /// <summary><paramref name="count"/> with thousands separators, as messages show sizes.</summary>
    public static string Bytes(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>
    /// Throws when <paramref name="length"/> bytes exceed <paramref name="limit"/>: the message
    /// names <paramref name="connector"/>, the size and the limit with its <paramref name="reason"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The object is too large; the parameter is <c>data</c>.</exception>
    public static void Check(long length, long limit, string reason, IConnector connector)
    {
        if (length > limit)
        {
            throw new ArgumentException($"{connector} cannot store an object of {Bytes(length)} bytes: that is more than {reason}. Nothing was written.", "data");
        }
    }

    /// <summary><see cref="Check(long, long, string, IConnector)"/> against <see cref="Readable"/>.</summary>
    public static void CheckReadable(long length, IConnector connector) => Check(length, Readable, ReadableReason, connector);
}

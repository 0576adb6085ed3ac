namespace ProxyStore.Serialization;

/// <summary>What tells a Python ProxyStore value from other bytes: its two-letter tag and newline.</summary>
internal static class PythonValues
{
    /// <summary>How many first bytes <see cref="IsTagged"/> looks at.</summary>
    public const int TagBytes = 3;

    /// <summary>Whether <paramref name="first"/> starts like a Python ProxyStore value: two capital letters and a newline.</summary>
    public static bool IsTagged(ReadOnlySpan<byte> first) =>
        first.Length >= TagBytes && char.IsAsciiLetterUpper((char)first[0]) && char.IsAsciiLetterUpper((char)first[1]) && first[2] == (byte)'\n';

    /// <summary>Refuses bytes a connector in Python's format would store as something Python cannot read.</summary>
    /// <exception cref="ArgumentException">The bytes do not start with a Python tag.</exception>
    public static void CheckTagged(ReadOnlySpan<byte> first, object connector)
    {
        if (!IsTagged(first))
        {
            throw new ArgumentException(
                $"{connector} keeps values in Python ProxyStore's format, and these bytes do not start with a Python tag and a newline (such as 'BS\\n'): " +
                "Python could not read them. A store writes such values only over a connector whose ValueFormat is Python; put Python values through the bytes API.",
                "data");
        }
    }
}

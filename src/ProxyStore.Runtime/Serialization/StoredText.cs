using System.Globalization;
using System.Text;

namespace ProxyStore.Serialization;

/// <summary>
/// Text decoded from stored bytes, and messages that may quote it (a JSON reader's, a future
/// producer's), made fit for an exception message: a damaged or forged object must not put line
/// breaks, terminal escape sequences, invisible or direction-changing characters, or the U+FFFD
/// of bytes that were not UTF-8 into a message, nor through it into a log or a terminal.
/// </summary>
internal static class StoredText
{
    /// <summary>How many characters of such text a message quotes at most.</summary>
    public const int MaxLength = 200;

    /// <summary>
    /// <paramref name="text"/> with every character that is not printable (control, format,
    /// line or paragraph separator, U+FFFD, a lone surrogate) replaced by '?', and cut after
    /// <paramref name="maxLength"/> characters.
    /// </summary>
    public static string Printable(string text, int maxLength = MaxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ReadOnlySpan<char> kept = text.AsSpan(0, Math.Min(text.Length, maxLength));
        var builder = new StringBuilder(kept.Length + 3);
        foreach (Rune rune in kept.EnumerateRunes())
        {
            if (IsPrintable(rune))
            {
                builder.Append(rune.ToString());
            }
            else
            {
                builder.Append('?');
            }
        }

        return text.Length > maxLength ? builder.Append("...").ToString() : builder.ToString();
    }

    /// <summary>
    /// The exception to keep inside one whose message quotes <paramref name="exception"/>'s, made
    /// printable: itself when its message and those inside it are printable, else none (what it
    /// said is in the quoting message already).
    /// </summary>
    public static Exception? Cause(Exception? exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (!IsPrintable(e.Message))
            {
                return null;
            }
        }

        return exception;
    }

    /// <summary>Whether every character of <paramref name="text"/> is printable.</summary>
    public static bool IsPrintable(string text)
    {
        foreach (Rune rune in text.EnumerateRunes())
        {
            if (!IsPrintable(rune))
            {
                return false;
            }
        }

        return true;
    }

    // A lone surrogate enumerates as U+FFFD too.
    private static bool IsPrintable(Rune rune) =>
        rune != Rune.ReplacementChar
        && Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse);
}

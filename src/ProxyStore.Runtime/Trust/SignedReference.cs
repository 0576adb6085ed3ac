using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using ProxyStore.Serialization;

namespace ProxyStore;

/// <summary>
/// The signed form of a proxy reference: <c>{"kid":"…","sig":"…","ref":{…}}</c>, where
/// <c>sig</c> is the Base64url HMAC-SHA256 of the exact bytes of <c>ref</c> under the key named
/// by <c>kid</c>. The reference inside stays the plain reference, so signing never changes what
/// it says.
/// </summary>
internal static class SignedReference
{
    private const string KeyIdName = "kid";
    private const string SignatureName = "sig";
    private const string ReferenceName = "ref";

    /// <summary><paramref name="reference"/> signed with the process's signing key, or as it is when the process holds none.</summary>
    public static byte[] Sign(byte[] reference) => Sign(reference, ReferenceKeys.Process);

    /// <summary><paramref name="reference"/> signed with <paramref name="keys"/>' signing key, or as it is when there is none.</summary>
    public static byte[] Sign(byte[] reference, ReferenceKeyring keys)
    {
        if (keys.Signing is not { } key)
        {
            return reference;
        }

        using var buffer = new MemoryStream(reference.Length + 96);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, reference, key);
        }

        return buffer.ToArray();
    }

    /// <summary>Writes <paramref name="reference"/> signed with <paramref name="key"/>.</summary>
    public static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> reference, ReferenceKey key)
    {
        writer.WriteStartObject();
        writer.WriteString(KeyIdName, key.Id);
        writer.WriteString(SignatureName, Base64Url.EncodeToString(key.Sign(reference)));
        writer.WritePropertyName(ReferenceName);
        writer.WriteRawValue(reference, skipInputValidation: true);
        writer.WriteEndObject();
    }

    /// <summary>Whether <paramref name="json"/>, an object, is a signed reference (by its first property).</summary>
    public static bool IsSigned(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        return IsSigned(ref reader);
    }

    /// <summary>Whether the object the reader is at (or before) is a signed reference; the reader is a copy the caller discards.</summary>
    public static bool IsSigned(ref Utf8JsonReader reader)
    {
        try
        {
            if (reader.TokenType != JsonTokenType.StartObject && (!reader.Read() || reader.TokenType != JsonTokenType.StartObject))
            {
                return false;
            }

            return reader.Read() && reader.TokenType == JsonTokenType.PropertyName
                && (reader.ValueTextEquals(KeyIdName) || reader.ValueTextEquals(SignatureName) || reader.ValueTextEquals(ReferenceName));
        }
        catch (JsonException)
        {
            // Malformed JSON is the plain reader's to report.
            return false;
        }
    }

    /// <summary>
    /// The reference to read from <paramref name="json"/>: as it is when the process holds no key
    /// and it is unsigned; the checked inner reference when the process holds keys.
    /// </summary>
    /// <exception cref="ReferenceSignatureException">The reference must be signed and is not, or its signature does not check.</exception>
    public static ReadOnlySpan<byte> Open(ReadOnlySpan<byte> json, string what = "proxy reference") => Open(json, ReferenceKeys.Process, what);

    /// <summary><see cref="Open(ReadOnlySpan{byte}, string)"/> against <paramref name="keys"/>.</summary>
    public static ReadOnlySpan<byte> Open(ReadOnlySpan<byte> json, ReferenceKeyring keys, string what)
    {
        bool signed = IsSigned(json);
        if (!keys.Enabled)
        {
            return signed
                ? throw new ReferenceSignatureException(
                    $"The {what} is signed, and this process holds no reference key to check it, so it was refused. Give this " +
                    $"process the application's key (the {ReferenceKey.EnvironmentVariable} environment variable, ReferenceKeys.Add, or the ProxyStore:ReferenceKey setting).")
                : json;
        }

        if (!signed)
        {
            throw new ReferenceSignatureException(
                $"The {what} is not signed, and this process holds a reference key, so it accepts only signed ones: " +
                "it was refused before any of its fields was used. It was forged, or made by a process without the application's key.");
        }

        return Check(json, keys, what);
    }

    private static ReadOnlySpan<byte> Check(ReadOnlySpan<byte> json, ReferenceKeyring keys, string what)
    {
        string? keyId = null;
        byte[]? signature = null;
        ReadOnlySpan<byte> reference = default;
        bool hasReference = false;
        var reader = new Utf8JsonReader(json);
        try
        {
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals(KeyIdName) && keyId is null)
                {
                    reader.Read();
                    keyId = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw Refused(what, "its key id (kid) is not text");
                }
                else if (reader.ValueTextEquals(SignatureName) && signature is null)
                {
                    reader.Read();
                    signature = reader.TokenType == JsonTokenType.String ? DecodeSignature(reader.GetString()!, what) : throw Refused(what, "its signature (sig) is not text");
                }
                else if (reader.ValueTextEquals(ReferenceName) && !hasReference)
                {
                    reader.Read();
                    int start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    reference = json[start..(int)reader.BytesConsumed];
                    hasReference = true;
                }
                else
                {
                    throw Refused(what, "it holds a field other than kid, sig and ref, or one of them twice");
                }
            }
        }
        catch (JsonException)
        {
            throw Refused(what, "it is not well-formed JSON");
        }

        if (keyId is null || signature is null || !hasReference)
        {
            throw Refused(what, "it lacks its key id (kid), signature (sig) or reference (ref)");
        }

        if (keys.Find(keyId) is not { } key)
        {
            throw new ReferenceSignatureException(
                $"The {what} is signed with a key this process does not hold (key id '{StoredText.Printable(keyId)}'), so it was refused. " +
                "Every process of the application needs the key that signed it.");
        }

        return key.Verifies(reference, signature)
            ? reference
            : throw Refused(what, $"its signature does not match its contents under key '{key.Id}': it was altered");
    }

    private static byte[] DecodeSignature(string text, string what)
    {
        try
        {
            byte[] signature = Base64Url.DecodeFromChars(text);
            return signature.Length == HMACSHA256.HashSizeInBytes ? signature : throw Refused(what, "its signature (sig) has the wrong length");
        }
        catch (FormatException)
        {
            throw Refused(what, "its signature (sig) is not Base64url");
        }
    }

    private static ReferenceSignatureException Refused(string what, string reason) =>
        new($"The signed {what} was refused before any of its fields was used: {reason}.");
}

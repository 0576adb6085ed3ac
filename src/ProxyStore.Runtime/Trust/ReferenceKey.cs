using System.Security.Cryptography;
using System.Text;

namespace ProxyStore;

/// <summary>
/// A secret shared by the processes of one application that signs and checks proxy references
/// (HMAC-SHA256 over the whole reference). Give it to every process through configuration or an
/// environment variable; it is never written into a reference, a config, a log or a message:
/// <see cref="ToString"/> shows only <see cref="Id"/>.
/// </summary>
/// <seealso cref="ReferenceKeys"/>
public sealed class ReferenceKey
{
    /// <summary>The environment variable <see cref="ReferenceKeys"/> reads a key from when the process starts.</summary>
    public const string EnvironmentVariable = "PROXYSTORE_REFERENCE_KEY";

    /// <summary>The fewest bytes a key may have: 256 bits, the strength of the MAC.</summary>
    public const int MinimumBytes = 32;

    private static readonly byte[] IdLabel = Encoding.ASCII.GetBytes("proxystore reference key id");

    private readonly byte[] _secret;

    private ReferenceKey(byte[] secret)
    {
        _secret = secret;

        // Derived through the MAC, so it names the key in envelopes and messages without revealing it.
        Id = Convert.ToHexStringLower(HMACSHA256.HashData(secret, IdLabel), 0, 8);
    }

    /// <summary>A short public name of the key (16 hex digits), carried in signed references so a process can pick the key that checks them.</summary>
    public string Id { get; }

    /// <summary>A new random key.</summary>
    public static ReferenceKey Generate() => new(RandomNumberGenerator.GetBytes(MinimumBytes));

    /// <summary>A key from its bytes, which are copied.</summary>
    /// <exception cref="ArgumentException">Fewer than <see cref="MinimumBytes"/> bytes.</exception>
    public static ReferenceKey FromBytes(ReadOnlySpan<byte> secret)
    {
        if (secret.Length < MinimumBytes)
        {
            throw new ArgumentException($"A reference key needs at least {MinimumBytes} bytes; this one has {secret.Length}. Make one with ReferenceKey.Generate().ToBase64().", nameof(secret));
        }

        return new ReferenceKey(secret.ToArray());
    }

    /// <summary>A key from its Base64 text, as configuration and environment variables hold it.</summary>
    /// <exception cref="ArgumentException">The text is not Base64, or decodes to fewer than <see cref="MinimumBytes"/> bytes; the message never repeats it.</exception>
    public static ReferenceKey FromBase64(string base64)
    {
        ArgumentNullException.ThrowIfNull(base64);
        byte[] secret;
        try
        {
            secret = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new ArgumentException("A reference key is Base64 text (of at least 32 bytes); this one is not Base64.", nameof(base64));
        }

        return FromBytes(secret);
    }

    /// <summary>The key held in <paramref name="variable"/>, or <see langword="null"/> when it is not set.</summary>
    /// <exception cref="ArgumentException">The variable is set but holds no valid key; the message names the variable, never its value.</exception>
    public static ReferenceKey? FromEnvironment(string variable = EnvironmentVariable)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(variable);
        string? value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        try
        {
            return FromBase64(value);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"The environment variable {variable} does not hold a valid reference key: {e.Message}", nameof(variable), e);
        }
    }

    /// <summary>The key as Base64 text, to put into configuration or an environment variable. Keep it secret.</summary>
    public string ToBase64() => Convert.ToBase64String(_secret);

    /// <summary>Names the key by its <see cref="Id"/> only.</summary>
    public override string ToString() => $"ReferenceKey({Id})";

    internal byte[] Sign(ReadOnlySpan<byte> reference) => HMACSHA256.HashData(_secret, reference);

    internal bool Verifies(ReadOnlySpan<byte> reference, ReadOnlySpan<byte> signature)
    {
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_secret, reference, expected);
        return CryptographicOperations.FixedTimeEquals(expected, signature);
    }
}

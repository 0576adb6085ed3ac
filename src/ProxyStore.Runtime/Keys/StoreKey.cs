using System.Text.Json.Serialization;

namespace ProxyStore;

/// <summary>
/// Identifies one object in a <see cref="Store"/>. Keys are small, value-equal and
/// round-trip through System.Text.Json, so they can be logged, sent to another process
/// or written into a configuration.
/// </summary>
/// <remarks>
/// A connector chooses the <see cref="Id"/>. Connectors that route between other
/// connectors (such as <c>MultiConnector</c>) also record which inner connector holds the
/// object in <see cref="Connector"/>.
/// </remarks>
public sealed class StoreKey : IEquatable<StoreKey>
{
    // Keys are hashed on every metrics record and cache lookup; computing the hash once
    // keeps those hot paths cheap.
    private readonly int _hash;

    private const int IdBytes = 16;
    private const int IdsPerRandomFetch = 128;

    [ThreadStatic]
    private static byte[]? s_random;

    [ThreadStatic]
    private static int s_randomOffset;

    /// <summary>Creates a key.</summary>
    /// <param name="id">The connector's identifier of the object; not null or empty.</param>
    /// <param name="connector">The name of the inner connector that holds the object, if any.</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> is null or empty.</exception>
    [JsonConstructor]
    public StoreKey(string id, string? connector = null)
    {
        if (string.IsNullOrEmpty(id))
        {
            throw new ArgumentException("A store key needs a non-empty id.", nameof(id));
        }

        Id = id;
        Connector = connector;
        _hash = HashCode.Combine(StringComparer.Ordinal.GetHashCode(id), connector is null ? 0 : StringComparer.Ordinal.GetHashCode(connector));
    }

    /// <summary>The connector's identifier of the object.</summary>
    public string Id { get; }

    /// <summary>The inner connector that holds the object, or <see langword="null"/> for single connectors.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Connector { get; }

    /// <summary>
    /// A new random id for connectors to use: 22 URL-safe base64 characters (128 random bits
    /// from the system's cryptographic random number generator), shorter than a hex GUID,
    /// which keeps keys and proxy references small.
    /// </summary>
    public static string NewId()
    {
        // Every call to the system's generator (and Guid.NewGuid, which uses it) is a system
        // call, about a microsecond on a VM: as much as the rest of a put to memory. Each
        // thread fetches the bits of many ids at once and uses each byte for one id only.
        byte[]? random = s_random;
        int offset = s_randomOffset;
        if (random is null || offset == random.Length)
        {
            random ??= s_random = new byte[IdBytes * IdsPerRandomFetch];
            System.Security.Cryptography.RandomNumberGenerator.Fill(random);
            offset = 0;
        }

        s_randomOffset = offset + IdBytes;
        return System.Buffers.Text.Base64Url.EncodeToString(random.AsSpan(offset, IdBytes));
    }

    /// <summary>The longest id <see cref="IsPlainId"/> accepts.</summary>
    internal const int MaxPlainIdLength = 128;

    /// <summary>
    /// Whether <paramref name="id"/> is a plain id: 1 to 128 ASCII letters, digits, '-' and
    /// '_'. Connectors that turn ids into file names or server keys accept only these, so a
    /// key read from a config or another process cannot reach outside their storage.
    /// </summary>
    internal static bool IsPlainId(ReadOnlySpan<char> id)
    {
        if (id.Length is 0 or > MaxPlainIdLength)
        {
            return false;
        }

        foreach (char c in id)
        {
            if (!IsPlainIdChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="c"/> may appear in a plain id.</summary>
    internal static bool IsPlainIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';

    /// <summary>Returns this key with <see cref="Connector"/> cleared, as the inner connector knows it.</summary>
    public StoreKey WithoutConnector() => Connector is null ? this : new StoreKey(Id);

    /// <inheritdoc />
    public bool Equals(StoreKey? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (_hash == other._hash
                && string.Equals(Id, other.Id, StringComparison.Ordinal)
                && string.Equals(Connector, other.Connector, StringComparison.Ordinal)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as StoreKey);

    /// <inheritdoc />
    public override int GetHashCode() => _hash;

    /// <summary>Returns <c>id</c>, or <c>connector/id</c> when the key names an inner connector.</summary>
    public override string ToString() => Connector is null ? Id : $"{Connector}/{Id}";

    /// <summary>Value equality.</summary>
    public static bool operator ==(StoreKey? left, StoreKey? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(StoreKey? left, StoreKey? right) => !(left == right);
}

using System.Net;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace ProxyStore.Connectors;

/// <summary>
/// The constraints under which a <see cref="MultiConnector"/> routes an object to one of its
/// connectors: object size, tags and host. Immutable and value-equal; round-trips through
/// System.Text.Json inside the multi connector's configuration.
/// </summary>
/// <remarks>
/// <para>An object matches when its size is within [<see cref="MinSizeBytes"/>,
/// <see cref="MaxSizeBytes"/>], every tag it asks for as a subset tag is one of
/// <see cref="SubsetTags"/>, every one of <see cref="SupersetTags"/> is among the superset
/// tags it asks for, and the host's name matches <see cref="HostPattern"/>. An object with
/// no tags matches a policy without <see cref="SupersetTags"/>, and never one with them.</para>
/// </remarks>
public sealed class Policy : IEquatable<Policy>
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly string? _hostPattern;
    private readonly Regex? _hostRegex;
    private readonly IReadOnlyList<string> _subsetTags = [];
    private readonly IReadOnlyList<string> _supersetTags = [];

    /// <summary>Breaks ties between matching policies: the highest priority wins. Default 0.</summary>
    public int Priority { get; init; }

    /// <summary>
    /// A regular expression that the whole host name (<see cref="Dns.GetHostName"/>) must match,
    /// or <see langword="null"/> for any host. A connector whose pattern does not match the host
    /// where its configuration is loaded stays dormant there.
    /// </summary>
    /// <exception cref="ArgumentException">The pattern is not a valid regular expression.</exception>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? HostPattern
    {
        get => _hostPattern;
        init
        {
            _hostRegex = value is null ? null : CreateHostRegex(value);
            _hostPattern = value;
        }
    }

    /// <summary>The smallest object, in serialized bytes, this policy accepts. Default 0.</summary>
    public long MinSizeBytes { get; init; }

    /// <summary>The largest object, in serialized bytes, this policy accepts. Default <see cref="long.MaxValue"/>.</summary>
    public long MaxSizeBytes { get; init; } = long.MaxValue;

    /// <summary>The tags an object may ask for as subset tags: all of its subset tags must be among these.</summary>
    public IReadOnlyList<string> SubsetTags
    {
        get => _subsetTags;
        init => _subsetTags = CopyTags(value, nameof(SubsetTags));
    }

    /// <summary>The tags an object must ask for as superset tags: all of these must be among its superset tags.</summary>
    public IReadOnlyList<string> SupersetTags
    {
        get => _supersetTags;
        init => _supersetTags = CopyTags(value, nameof(SupersetTags));
    }

    /// <summary>This host's name, as host patterns see it.</summary>
    public static string CurrentHostname => Dns.GetHostName();

    /// <summary>
    /// Whether an object with these constraints matches the policy. A null argument is not
    /// checked, except <paramref name="hostname"/>, which defaults to <see cref="CurrentHostname"/>.
    /// </summary>
    /// <param name="sizeBytes">The object's size in bytes.</param>
    /// <param name="subsetTags">Tags that must all be among <see cref="SubsetTags"/>.</param>
    /// <param name="supersetTags">Tags that must include all of <see cref="SupersetTags"/>.</param>
    /// <param name="hostname">The host to check <see cref="HostPattern"/> against.</param>
    public bool IsValid(long? sizeBytes = null, IEnumerable<string>? subsetTags = null, IEnumerable<string>? supersetTags = null, string? hostname = null)
    {
        if (sizeBytes is long size && (size < MinSizeBytes || size > MaxSizeBytes))
        {
            return false;
        }

        if (subsetTags is not null && !subsetTags.All(tag => _subsetTags.Contains(tag, StringComparer.Ordinal)))
        {
            return false;
        }

        if (supersetTags is not null)
        {
            var asked = new HashSet<string>(supersetTags, StringComparer.Ordinal);
            if (!_supersetTags.All(asked.Contains))
            {
                return false;
            }
        }

        return IsValidOnHost(hostname);
    }

    /// <summary>Whether <paramref name="hostname"/> (by default this host's name) matches <see cref="HostPattern"/>.</summary>
    public bool IsValidOnHost(string? hostname = null)
    {
        if (_hostRegex is null)
        {
            return true;
        }

        return _hostRegex.IsMatch(hostname ?? CurrentHostname);
    }

    /// <inheritdoc />
    public bool Equals(Policy? other) =>
        other is not null
        && Priority == other.Priority
        && string.Equals(_hostPattern, other._hostPattern, StringComparison.Ordinal)
        && MinSizeBytes == other.MinSizeBytes
        && MaxSizeBytes == other.MaxSizeBytes
        && _subsetTags.SequenceEqual(other._subsetTags, StringComparer.Ordinal)
        && _supersetTags.SequenceEqual(other._supersetTags, StringComparer.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Policy);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Priority, _hostPattern, MinSizeBytes, MaxSizeBytes, _subsetTags.Count, _supersetTags.Count);

    /// <summary>Describes the policy's constraints, skipping the defaults.</summary>
    public override string ToString()
    {
        var parts = new List<string> { $"priority={Priority}" };
        if (MinSizeBytes != 0)
        {
            parts.Add($"minSizeBytes={MinSizeBytes}");
        }

        if (MaxSizeBytes != long.MaxValue)
        {
            parts.Add($"maxSizeBytes={MaxSizeBytes}");
        }

        if (_subsetTags.Count > 0)
        {
            parts.Add($"subsetTags=[{string.Join(", ", _subsetTags)}]");
        }

        if (_supersetTags.Count > 0)
        {
            parts.Add($"supersetTags=[{string.Join(", ", _supersetTags)}]");
        }

        if (_hostPattern is not null)
        {
            parts.Add($"hostPattern={_hostPattern}");
        }

        return $"Policy({string.Join(", ", parts)})";
    }

    /// <summary>Throws when the size bounds contradict each other.</summary>
    internal void Validate(string connectorName)
    {
        if (MinSizeBytes < 0 || MaxSizeBytes < MinSizeBytes)
        {
            throw new ArgumentException(
                $"The policy of connector '{connectorName}' has the size range [{MinSizeBytes}, {MaxSizeBytes}]: the bounds must be 0 or more and min <= max.");
        }
    }

    private static Regex CreateHostRegex(string pattern)
    {
        try
        {
            return new Regex($@"\A(?:{pattern})\z", RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"The host pattern '{pattern}' is not a valid regular expression: {e.Message}", nameof(HostPattern), e);
        }
    }

    private static string[] CopyTags(IReadOnlyList<string>? tags, string name)
    {
        ArgumentNullException.ThrowIfNull(tags, name);
        string[] copy = [.. tags];
        if (copy.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException($"The {name} of a policy cannot hold null or empty tags.", name);
        }

        return copy;
    }
}

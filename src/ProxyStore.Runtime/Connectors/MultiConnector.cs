// One type split by concern: this file holds construction and ambient tags; MultiConnector.Puts
// (with batches), .Futures, .Objects (get, exists, evict, batches of gets), .Lifecycle (config,
// recreation from options, close) and .Routing (policies, placement, roll-back) the rest.
namespace ProxyStore.Connectors;

/// <summary>A connector of a <see cref="MultiConnector"/>, with its name and routing policy.</summary>
/// <param name="Name">The name keys remember (<see cref="StoreKey.Connector"/>): not empty, no '/'.</param>
/// <param name="Connector">The connector; the multi connector owns it and closes it.</param>
/// <param name="Policy">When objects go to this connector.</param>
public sealed record RoutedConnector(string Name, IConnector Connector, Policy Policy);

/// <summary>
/// Routes each object to one of several connectors by policy (<see cref="Policy"/>: size,
/// tags, host, priority) and remembers where it went: every key it returns carries the
/// chosen connector's name in <see cref="StoreKey.Connector"/>, and gets, checks and evictions
/// go to that connector. Thread-safe as far as its connectors are.
/// </summary>
/// <remarks>
/// <para>A put goes to the highest-priority connector whose policy accepts the object's
/// serialized size and tags on this host; ties go to the connector listed first. Tags come from
/// the <c>Put</c> overloads that take them, or from an ambient <see cref="WithTags"/> scope, the
/// way to tag objects put through a <see cref="Store"/>.</para>
/// <para>A multi connector recreated from its configuration on a host that a connector's
/// <see cref="Policy.HostPattern"/> does not match leaves that connector <i>dormant</i>: it is not
/// created, objects are never routed to it, and keys that name it fail with a
/// <see cref="MultiConnectorException"/>. Its configuration is kept, so the multi connector's
/// configuration still recreates it on a host that matches.</para>
/// <para>Who clears what: each inner connector clears as it would on its own.
/// <see cref="Close()"/> closes each with its own <see cref="IConnector.Close()"/>, and
/// <see cref="Close(bool)"/> passes <c>clear</c> on to each, so <c>Close(clear: false)</c>
/// deletes nothing anywhere. A multi connector recreated from a configuration recreates its
/// inner connectors from theirs, and those never delete what their owners stored.</para>
/// </remarks>
public sealed partial class MultiConnector : IDeferrableConnector, ISetNotifier, IKeyedPutConnector, IGuardedEvictConnector
{
    internal const string KindName = "multi";

    private static readonly AsyncLocal<TagScope?> AmbientTags = new();

    private readonly Slot[] _slots;
    private readonly Slot[] _byPriority;
    private readonly Dictionary<string, Slot> _byName;
    private int _closed;

    /// <summary>Creates a multi connector over <paramref name="connectors"/>.</summary>
    public MultiConnector(params RoutedConnector[] connectors)
        : this((IEnumerable<RoutedConnector>)connectors)
    {
    }

    /// <summary>Creates a multi connector over <paramref name="connectors"/>.</summary>
    /// <param name="connectors">The connectors, each with a unique name and a policy.</param>
    /// <param name="hostname">The host name policies are checked against; <see cref="Policy.CurrentHostname"/> when null.</param>
    /// <exception cref="ArgumentException">A name is empty, repeated or holds '/'; a policy is invalid; or a connector is itself a multi connector.</exception>
    public MultiConnector(IEnumerable<RoutedConnector> connectors, string? hostname = null)
        : this(ToSlots(connectors), hostname)
    {
    }

    private MultiConnector(Slot[] slots, string? hostname)
    {
        if (slots.Length == 0)
        {
            throw new ArgumentException("A MultiConnector needs at least one connector.", nameof(slots));
        }

        _slots = slots;
        _byName = new Dictionary<string, Slot>(StringComparer.Ordinal);
        foreach (Slot slot in slots)
        {
            ValidateName(slot.Name);
            slot.Policy.Validate(slot.Name);
            if (!_byName.TryAdd(slot.Name, slot))
            {
                throw new ArgumentException($"A MultiConnector has two connectors named '{slot.Name}'.", nameof(slots));
            }
        }

        _byPriority = [.. slots.Where(s => s.Connector is not null).OrderByDescending(s => s.Policy.Priority)];
        Hostname = hostname ?? Policy.CurrentHostname;
    }

    /// <summary>The host name policies are checked against.</summary>
    public string Hostname { get; }

    /// <summary>The connectors created in this process, by name.</summary>
    public IReadOnlyDictionary<string, IConnector> Connectors =>
        _slots.Where(s => s.Connector is not null).ToDictionary(s => s.Name, s => s.Connector!, StringComparer.Ordinal);

    /// <summary>The policy of every connector, dormant ones included, by name.</summary>
    public IReadOnlyDictionary<string, Policy> Policies => _slots.ToDictionary(s => s.Name, s => s.Policy, StringComparer.Ordinal);

    /// <summary>The names of the dormant connectors: configured, but not created on this host.</summary>
    public IReadOnlyList<string> DormantConnectors => [.. _slots.Where(s => s.Connector is null).Select(s => s.Name)];

    /// <summary>
    /// Tags the puts of the current thread and async flow, until the returned scope is disposed:
    /// <see cref="Put(ReadOnlyMemory{byte})"/> and the other tagless puts, including those a
    /// <see cref="Store"/> makes, route with these tags. An inner scope replaces an outer one.
    /// </summary>
    /// <param name="subsetTags">Tags that must all be among a policy's <see cref="Policy.SubsetTags"/>.</param>
    /// <param name="supersetTags">Tags that must include all of a policy's <see cref="Policy.SupersetTags"/>.</param>
    public static IDisposable WithTags(IEnumerable<string>? subsetTags = null, IEnumerable<string>? supersetTags = null)
    {
        var scope = new TagScope([.. subsetTags ?? []], [.. supersetTags ?? []], AmbientTags.Value);
        AmbientTags.Value = scope;
        return scope;
    }

    /// <summary>
    /// The name of the connector an object of <paramref name="sizeBytes"/> with these tags goes to.
    /// </summary>
    /// <exception cref="MultiConnectorException">No policy accepts the object.</exception>
    public string Route(long sizeBytes, IEnumerable<string>? subsetTags = null, IEnumerable<string>? supersetTags = null) =>
        RouteSlot(sizeBytes, subsetTags?.ToArray() ?? [], supersetTags?.ToArray() ?? []).Name;
}

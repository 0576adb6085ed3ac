using System.Text.Json;

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
public sealed class MultiConnector : IDeferrableConnector, ISetNotifier, IKeyedPutConnector, IGuardedEvictConnector
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

    /// <summary>Stores <paramref name="data"/> in the connector its size and the ambient tags (<see cref="WithTags"/>) route it to.</summary>
    /// <exception cref="MultiConnectorException">No policy accepts the object.</exception>
    public StoreKey Put(ReadOnlyMemory<byte> data) => Put(data, null, null);

    /// <summary>Stores <paramref name="data"/> in the connector its size and these tags route it to.</summary>
    /// <param name="data">The serialized object.</param>
    /// <param name="subsetTags">Tags that must all be among a policy's subset tags; the ambient ones when null.</param>
    /// <param name="supersetTags">Tags that must include all of a policy's superset tags; the ambient ones when null.</param>
    /// <exception cref="MultiConnectorException">No policy accepts the object.</exception>
    public StoreKey Put(ReadOnlyMemory<byte> data, IEnumerable<string>? subsetTags, IEnumerable<string>? supersetTags = null)
    {
        ThrowIfClosed();
        Slot slot = RouteWithTags(data.Length, subsetTags, supersetTags);
        return Remember(slot, slot.Connector!.Put(data));
    }

    /// <inheritdoc />
    public ValueTask<StoreKey> PutAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
        PutAsync(data, null, null, cancellationToken);

    /// <summary>Asynchronous <see cref="Put(ReadOnlyMemory{byte}, IEnumerable{string}?, IEnumerable{string}?)"/>.</summary>
    public async ValueTask<StoreKey> PutAsync(ReadOnlyMemory<byte> data, IEnumerable<string>? subsetTags, IEnumerable<string>? supersetTags = null, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        Slot slot = RouteWithTags(data.Length, subsetTags, supersetTags);
        return Remember(slot, await slot.Connector!.PutAsync(data, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public IReadOnlyList<StoreKey> PutBatch(IReadOnlyList<ReadOnlyMemory<byte>> data) => PutBatch(data, null, null);

    /// <summary>
    /// Routes each item on its own and stores the items of each connector in one batch of that
    /// connector. All or nothing: when a connector fails, what the others stored is evicted.
    /// </summary>
    /// <exception cref="MultiConnectorException">No policy accepts one of the items; nothing was stored.</exception>
    public IReadOnlyList<StoreKey> PutBatch(IReadOnlyList<ReadOnlyMemory<byte>> data, IEnumerable<string>? subsetTags, IEnumerable<string>? supersetTags = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ThrowIfClosed();
        var keys = new StoreKey[data.Count];
        var written = new List<StoreKey>();
        try
        {
            foreach ((Slot slot, int[] indexes) in GroupBatch(data, subsetTags, supersetTags))
            {
                IReadOnlyList<StoreKey> inner = slot.Connector!.PutBatch([.. indexes.Select(i => data[i])]);
                Place(slot, indexes, inner, keys, written);
            }
        }
        catch (Exception e)
        {
            RollBack(written, e);
            throw;
        }

        return keys;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<StoreKey>> PutBatchAsync(IReadOnlyList<ReadOnlyMemory<byte>> data, CancellationToken cancellationToken = default) =>
        PutBatchAsync(data, null, null, cancellationToken);

    /// <summary>Asynchronous <see cref="PutBatch(IReadOnlyList{ReadOnlyMemory{byte}}, IEnumerable{string}?, IEnumerable{string}?)"/>.</summary>
    public async ValueTask<IReadOnlyList<StoreKey>> PutBatchAsync(
        IReadOnlyList<ReadOnlyMemory<byte>> data, IEnumerable<string>? subsetTags, IEnumerable<string>? supersetTags = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ThrowIfClosed();
        var keys = new StoreKey[data.Count];
        var written = new List<StoreKey>();
        try
        {
            foreach ((Slot slot, int[] indexes) in GroupBatch(data, subsetTags, supersetTags))
            {
                IReadOnlyList<StoreKey> inner = await slot.Connector!.PutBatchAsync([.. indexes.Select(i => data[i])], cancellationToken).ConfigureAwait(false);
                Place(slot, indexes, inner, keys, written);
            }
        }
        catch (Exception e)
        {
            RollBack(written, e);
            throw;
        }

        return keys;
    }

    /// <summary>A new key on the connector that an object of unknown size with the ambient tags (<see cref="WithTags"/>) routes to.</summary>
    /// <exception cref="MultiConnectorException">No policy of a deferrable connector accepts such an object.</exception>
    public StoreKey NewKey() => NewKey(null, null, null);

    /// <summary>A new key on the connector that an object of <paramref name="sizeHint"/> bytes with the ambient tags routes to.</summary>
    /// <exception cref="MultiConnectorException">No policy of a deferrable connector accepts such an object.</exception>
    public StoreKey NewKey(long? sizeHint) => NewKey(sizeHint, null, null);

    /// <summary>
    /// A new key for an object set later. The connector is chosen now, since the key must name
    /// it before the object exists: by <paramref name="sizeHint"/> (a policy's size bounds are
    /// not checked when it is null) and the tags, among the connectors that can set a key later
    /// (<see cref="IDeferrableConnector"/>). <see cref="Set"/> stores the object there whatever
    /// its actual size, because consumers may already be waiting on that connector.
    /// </summary>
    /// <param name="sizeHint">The expected serialized size in bytes, or <see langword="null"/> when unknown.</param>
    /// <param name="subsetTags">Tags that must all be among a policy's subset tags; the ambient ones when null.</param>
    /// <param name="supersetTags">Tags that must include all of a policy's superset tags; the ambient ones when null.</param>
    /// <exception cref="MultiConnectorException">No policy of a deferrable connector accepts such an object.</exception>
    public StoreKey NewKey(long? sizeHint, IEnumerable<string>? subsetTags, IEnumerable<string>? supersetTags = null)
    {
        ThrowIfClosed();
        Slot slot = RouteWithTags(sizeHint, subsetTags, supersetTags, deferrableOnly: true);
        return Remember(slot, ((IDeferrableConnector)slot.Connector!).NewKey(sizeHint));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The key names no connector or one this multi connector does not have.</exception>
    /// <exception cref="MultiConnectorException">The key's connector is dormant on this host.</exception>
    /// <exception cref="NotSupportedException">The key's connector cannot set a key later.</exception>
    public void Set(StoreKey key, ReadOnlyMemory<byte> data)
    {
        (IDeferrableConnector connector, StoreKey inner) = ResolveForSet(key);
        try
        {
            connector.Set(inner, data);
        }
        catch (KeyAlreadySetException e)
        {
            throw AlreadySet(key, e);
        }
    }

    /// <inheritdoc />
    public async ValueTask SetAsync(StoreKey key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        (IDeferrableConnector connector, StoreKey inner) = ResolveForSet(key);
        try
        {
            await connector.SetAsync(inner, data, cancellationToken).ConfigureAwait(false);
        }
        catch (KeyAlreadySetException e)
        {
            throw AlreadySet(key, e);
        }
    }

    // The inner connector names its own key; callers know the key with the connector's name.
    private static KeyAlreadySetException AlreadySet(StoreKey key, KeyAlreadySetException inner) =>
        new(key, $"The key '{key}' already holds an object in the MultiConnector's connector '{key.Connector}'; a key is set once.", inner);

    /// <inheritdoc />
    IDisposable? ISetNotifier.WatchSet(StoreKey key, Action onSet)
    {
        (IConnector connector, StoreKey inner) = Resolve(key);
        return connector is ISetNotifier notifier ? notifier.WatchSet(inner, onSet) : null;
    }

    /// <inheritdoc />
    ValueTask<IDisposable?> ISetNotifier.WatchSetAsync(StoreKey key, Action onSet, CancellationToken cancellationToken)
    {
        (IConnector connector, StoreKey inner) = Resolve(key);
        return connector is ISetNotifier notifier ? notifier.WatchSetAsync(inner, onSet, cancellationToken) : ValueTask.FromResult<IDisposable?>(null);
    }

    StoreKey? IKeyedPutConnector.NewPutKey(long size)
    {
        ThrowIfClosed();
        Slot slot = RouteWithTags(size, null, null);
        return slot.Connector is IKeyedPutConnector keyed && keyed.NewPutKey(size) is { } inner ? Remember(slot, inner) : null;
    }

    void IKeyedPutConnector.PutAt(StoreKey key, ReadOnlyMemory<byte> frame)
    {
        (IConnector connector, StoreKey inner) = Resolve(key);
        ((IKeyedPutConnector)connector).PutAt(inner, frame);
    }

    ValueTask IKeyedPutConnector.PutAtAsync(StoreKey key, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        (IConnector connector, StoreKey inner) = Resolve(key);
        return ((IKeyedPutConnector)connector).PutAtAsync(inner, frame, cancellationToken);
    }

    private (IDeferrableConnector Connector, StoreKey Inner) ResolveForSet(StoreKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Connector is null || !_byName.ContainsKey(key.Connector))
        {
            throw new ArgumentException(
                $"The key '{key}' is not a key of this MultiConnector: its keys name one of its connectors ({string.Join(", ", _byName.Keys)}).", nameof(key));
        }

        (IConnector connector, StoreKey inner) = Resolve(key);
        return connector is IDeferrableConnector deferrable
            ? (deferrable, inner)
            : throw new NotSupportedException($"The connector '{key.Connector}' ({connector}) that the key '{key}' names cannot set a key later: it is not an IDeferrableConnector.");
    }

    /// <inheritdoc />
    /// <exception cref="MultiConnectorException">The key names no connector, an unknown one or a dormant one.</exception>
    public byte[]? Get(StoreKey key)
    {
        (IConnector connector, StoreKey inner) = Resolve(key);
        return connector.Get(inner);
    }

    /// <inheritdoc />
    public ValueTask<byte[]?> GetAsync(StoreKey key, CancellationToken cancellationToken = default)
    {
        (IConnector connector, StoreKey inner) = Resolve(key);
        return connector.GetAsync(inner, cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="MultiConnectorException">The key names no connector, an unknown one or a dormant one.</exception>
    public bool Exists(StoreKey key)
    {
        (IConnector connector, StoreKey inner) = Resolve(key);
        return connector.Exists(inner);
    }

    /// <inheritdoc />
    public ValueTask<bool> ExistsAsync(StoreKey key, CancellationToken cancellationToken = default)
    {
        (IConnector connector, StoreKey inner) = Resolve(key);
        return connector.ExistsAsync(inner, cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="MultiConnectorException">The key names no connector, an unknown one or a dormant one.</exception>
    public void Evict(StoreKey key)
    {
        (IConnector connector, StoreKey inner) = Resolve(key);
        connector.Evict(inner);
    }

    /// <inheritdoc />
    public ValueTask EvictAsync(StoreKey key, CancellationToken cancellationToken = default)
    {
        (IConnector connector, StoreKey inner) = Resolve(key);
        return connector.EvictAsync(inner, cancellationToken);
    }

    void IGuardedEvictConnector.EvictStored(StoreKey key)
    {
        (IConnector connector, StoreKey inner) = Resolve(key);
        try
        {
            connector.EvictStored(inner);
        }
        catch (ForeignObjectException e)
        {
            throw Foreign(key, e);
        }
    }

    async ValueTask IGuardedEvictConnector.EvictStoredAsync(StoreKey key, CancellationToken cancellationToken)
    {
        (IConnector connector, StoreKey inner) = Resolve(key);
        try
        {
            await connector.EvictStoredAsync(inner, cancellationToken).ConfigureAwait(false);
        }
        catch (ForeignObjectException e)
        {
            throw Foreign(key, e);
        }
    }

    // Named by the key the caller gave, which names the inner connector too.
    private ForeignObjectException Foreign(StoreKey key, ForeignObjectException inner) => new(key, $"{inner.Location} (through {this})");

    /// <summary>Gets the keys of each connector in one batch of that connector.</summary>
    /// <exception cref="MultiConnectorException">A key names no connector, an unknown one or a dormant one.</exception>
    public IReadOnlyList<byte[]?> GetBatch(IReadOnlyList<StoreKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var values = new byte[]?[keys.Count];
        foreach ((IConnector connector, int[] indexes, StoreKey[] inner) in GroupKeys(keys))
        {
            Scatter(connector.GetBatch(inner), indexes, values);
        }

        return values;
    }

    /// <summary>Asynchronous <see cref="GetBatch"/>.</summary>
    public async ValueTask<IReadOnlyList<byte[]?>> GetBatchAsync(IReadOnlyList<StoreKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var values = new byte[]?[keys.Count];
        foreach ((IConnector connector, int[] indexes, StoreKey[] inner) in GroupKeys(keys))
        {
            Scatter(await connector.GetBatchAsync(inner, cancellationToken).ConfigureAwait(false), indexes, values);
        }

        return values;
    }

    /// <summary>
    /// The configuration that recreates this multi connector: every connector's configuration
    /// (a dormant one's as it was loaded) and policy, in order.
    /// </summary>
    public ConnectorConfig GetConfig() => ConnectorConfig.OfBuiltIn(KindName, new ConfigOptions(
        [.. _slots.Select(s => new ConfigEntry(s.Name, s.Connector?.GetConfig() ?? s.DormantConfig!, s.Policy))]));

    /// <summary>
    /// Recreates a multi connector from <paramref name="config"/> as it would be on the host
    /// <paramref name="hostname"/> (this host when null): connectors whose policy does not match
    /// that host stay dormant.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="config"/> is not a multi connector's configuration.</exception>
    public static MultiConnector FromConfig(ConnectorConfig config, string? hostname = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!string.Equals(config.Kind, KindName, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"A '{config.Kind}' config does not describe a MultiConnector.", nameof(config));
        }

        return FromOptions(config.Options, hostname);
    }

    /// <summary>
    /// Closes every connector created in this process, each clearing as its own
    /// <see cref="IConnector.Close()"/> does. Closing twice is harmless.
    /// </summary>
    /// <exception cref="AggregateException">Some connectors failed to close; the others were closed.</exception>
    public void Close() => CloseAll(static connector => connector.Close());

    /// <summary>
    /// Closes every connector created in this process with <see cref="IConnector.Close(bool)"/>
    /// and this <paramref name="clear"/>: with <see langword="false"/> nothing is deleted
    /// anywhere. Closing twice is harmless.
    /// </summary>
    /// <param name="clear">Whether each connector deletes its objects too, where it can.</param>
    /// <exception cref="AggregateException">Some connectors failed to close; the others were closed.</exception>
    public void Close(bool clear) => CloseAll(connector => connector.Close(clear));

    private void CloseAll(Action<IConnector> close)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        var errors = new List<Exception>();
        foreach (Slot slot in _slots)
        {
            try
            {
                if (slot.Connector is not null)
                {
                    close(slot.Connector);
                }
            }
            catch (Exception e)
            {
                errors.Add(e);
            }
        }

        if (errors.Count > 0)
        {
            throw new AggregateException("Some connectors of the MultiConnector failed to close.", errors);
        }
    }

    /// <summary>Names each connector and what it is, or that it is dormant.</summary>
    public override string ToString() =>
        $"MultiConnector({string.Join(", ", _slots.Select(s => s.Connector is null ? $"{s.Name}: dormant" : $"{s.Name}: {s.Connector}"))})";

    internal static MultiConnector FromOptions(JsonElement options, string? hostname)
    {
        // Every inner connector is created synchronously, so the shared core completes at once.
        ValueTask<MultiConnector> made = FromOptionsCoreAsync(options, hostname, static (config, _) => ValueTask.FromResult(config.CreateConnector()), CancellationToken.None);
        return made.IsCompleted
            ? made.GetAwaiter().GetResult()
            : throw new InvalidOperationException("Creating a 'multi' connector synchronously did not complete synchronously.");
    }

    /// <summary>Asynchronous <see cref="FromOptions"/>: inner connectors that connect to a server (Redis) connect without blocking a thread.</summary>
    internal static ValueTask<MultiConnector> FromOptionsAsync(JsonElement options, string? hostname, CancellationToken cancellationToken) =>
        FromOptionsCoreAsync(options, hostname, static (config, token) => config.CreateConnectorAsync(token), cancellationToken);

    private static async ValueTask<MultiConnector> FromOptionsCoreAsync(
        JsonElement options,
        string? hostname,
        Func<ConnectorConfig, CancellationToken, ValueTask<IConnector>> create,
        CancellationToken cancellationToken)
    {
        ConfigOptions read = ConnectorConfig.ReadOptions<ConfigOptions>(KindName, options);
        if (read.Connectors is not { Count: > 0 } entries)
        {
            throw new ArgumentException("The 'multi' connector config lists no connectors.", nameof(options));
        }

        string host = hostname ?? Policy.CurrentHostname;
        var slots = new Slot[entries.Count];
        var created = new List<IConnector>();
        try
        {
            for (int i = 0; i < slots.Length; i++)
            {
                ConfigEntry entry = entries[i];
                if (string.IsNullOrEmpty(entry.Name) || entry.Connector is null || entry.Policy is null)
                {
                    throw new ArgumentException($"Entry {i} of the 'multi' connector config needs a name, a connector config and a policy.", nameof(options));
                }

                if (entry.Policy.IsValidOnHost(host))
                {
                    IConnector connector = await create(entry.Connector, cancellationToken).ConfigureAwait(false);
                    created.Add(connector);
                    slots[i] = new Slot(entry.Name, entry.Policy, connector, null);
                }
                else
                {
                    slots[i] = new Slot(entry.Name, entry.Policy, null, entry.Connector);
                }
            }

            return new MultiConnector(slots, host);
        }
        catch
        {
            // Connectors made from a config own nothing; closing them must not clear the owner's objects.
            foreach (IConnector connector in created)
            {
                connector.Close(clear: false);
            }

            throw;
        }
    }

    private static Slot[] ToSlots(IEnumerable<RoutedConnector> connectors)
    {
        ArgumentNullException.ThrowIfNull(connectors);
        return
        [
            .. connectors.Select(c =>
            {
                ArgumentNullException.ThrowIfNull(c);
                ArgumentNullException.ThrowIfNull(c.Connector);
                ArgumentNullException.ThrowIfNull(c.Policy);
                if (c.Connector is MultiConnector)
                {
                    throw new ArgumentException($"The connector '{c.Name}' is a MultiConnector; multi connectors do not nest.", nameof(connectors));
                }

                return new Slot(c.Name, c.Policy, c.Connector, null);
            }),
        ];
    }

    private static void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The connector name '{name}' is invalid: names are not empty and hold no '/'.", nameof(name));
        }
    }

    private Slot RouteWithTags(long? size, IEnumerable<string>? subsetTags, IEnumerable<string>? supersetTags, bool deferrableOnly = false)
    {
        TagScope? ambient = AmbientTags.Value;
        string[] subset = subsetTags?.ToArray() ?? ambient?.SubsetTags ?? [];
        string[] superset = supersetTags?.ToArray() ?? ambient?.SupersetTags ?? [];
        return RouteSlot(size, subset, superset, deferrableOnly);
    }

    private Slot RouteSlot(long? size, string[] subsetTags, string[] supersetTags, bool deferrableOnly = false)
    {
        foreach (Slot slot in _byPriority)
        {
            if ((!deferrableOnly || slot.Connector is IDeferrableConnector) && slot.Policy.IsValid(size, subsetTags, supersetTags, Hostname))
            {
                return slot;
            }
        }

        string what = size is long known ? $"an object of {known} bytes" : "an object of unknown size";
        throw new MultiConnectorException(
            $"No connector policy accepts {what}{(deferrableOnly ? " on a deferrable connector (one that can set a key later)" : string.Empty)} with subset tags [{string.Join(", ", subsetTags)}] " +
            $"and superset tags [{string.Join(", ", supersetTags)}] on host '{Hostname}'. " +
            $"Policies: {string.Join("; ", _slots.Select(s => $"{s.Name}{(s.Connector is null ? " (dormant)" : string.Empty)}: {s.Policy}"))}.");
    }

    private List<(Slot Slot, int[] Indexes)> GroupBatch(IReadOnlyList<ReadOnlyMemory<byte>> data, IEnumerable<string>? subsetTags, IEnumerable<string>? supersetTags)
    {
        // Route everything first, so an item no policy accepts stops the batch before any write.
        TagScope? ambient = AmbientTags.Value;
        string[] subset = subsetTags?.ToArray() ?? ambient?.SubsetTags ?? [];
        string[] superset = supersetTags?.ToArray() ?? ambient?.SupersetTags ?? [];
        var groups = new Dictionary<Slot, List<int>>();
        var order = new List<Slot>();
        for (int i = 0; i < data.Count; i++)
        {
            Slot slot = RouteSlot(data[i].Length, subset, superset);
            if (!groups.TryGetValue(slot, out List<int>? indexes))
            {
                groups[slot] = indexes = [];
                order.Add(slot);
            }

            indexes.Add(i);
        }

        return [.. order.Select(s => (s, groups[s].ToArray()))];
    }

    private static void Place(Slot slot, int[] indexes, IReadOnlyList<StoreKey> inner, StoreKey[] keys, List<StoreKey> written)
    {
        for (int j = 0; j < indexes.Length; j++)
        {
            StoreKey key = Remember(slot, inner[j]);
            keys[indexes[j]] = key;
            written.Add(key);
        }
    }

    private void RollBack(List<StoreKey> written, Exception cause)
    {
        var errors = new List<Exception>();
        foreach (StoreKey key in written)
        {
            try
            {
                Evict(key);
            }
            catch (Exception e)
            {
                errors.Add(e);
            }
        }

        if (errors.Count > 0)
        {
            throw new AggregateException("A MultiConnector batch failed, and taking back what it had stored failed too.", [cause, .. errors]);
        }
    }

    private List<(IConnector Connector, int[] Indexes, StoreKey[] Inner)> GroupKeys(IReadOnlyList<StoreKey> keys)
    {
        var groups = new Dictionary<IConnector, (List<int> Indexes, List<StoreKey> Inner)>(ReferenceEqualityComparer.Instance);
        var order = new List<IConnector>();
        for (int i = 0; i < keys.Count; i++)
        {
            (IConnector connector, StoreKey inner) = Resolve(keys[i]);
            if (!groups.TryGetValue(connector, out var group))
            {
                groups[connector] = group = ([], []);
                order.Add(connector);
            }

            group.Indexes.Add(i);
            group.Inner.Add(inner);
        }

        return [.. order.Select(c => (c, groups[c].Indexes.ToArray(), groups[c].Inner.ToArray()))];
    }

    private static void Scatter(IReadOnlyList<byte[]?> got, int[] indexes, byte[]?[] values)
    {
        for (int j = 0; j < indexes.Length; j++)
        {
            values[indexes[j]] = got[j];
        }
    }

    private static StoreKey Remember(Slot slot, StoreKey inner)
    {
        if (inner.Connector is not null)
        {
            throw new InvalidOperationException(
                $"The connector '{slot.Name}' returned the key '{inner}', which already names a connector; a MultiConnector cannot route it.");
        }

        return new StoreKey(inner.Id, slot.Name);
    }

    private (IConnector Connector, StoreKey Inner) Resolve(StoreKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfClosed();
        if (key.Connector is null)
        {
            throw new MultiConnectorException(
                $"The key '{key}' names no connector; a MultiConnector's keys say which of its connectors ({string.Join(", ", _byName.Keys)}) holds the object.");
        }

        if (!_byName.TryGetValue(key.Connector, out Slot? slot))
        {
            throw new MultiConnectorException(
                $"The connector '{key.Connector}' named by the key '{key}' does not exist in this MultiConnector (its connectors: {string.Join(", ", _byName.Keys)}).",
                key.Connector);
        }

        if (slot.Connector is null)
        {
            throw new MultiConnectorException(
                $"The connector '{slot.Name}' that holds the key '{key}' is dormant on host '{Hostname}': its policy's host pattern '{slot.Policy.HostPattern}' " +
                "does not match this host, so it was not created here.",
                slot.Name);
        }

        return (slot.Connector, key.WithoutConnector());
    }

    private void ThrowIfClosed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _closed) == 1, this);

    private sealed class Slot(string name, Policy policy, IConnector? connector, ConnectorConfig? dormantConfig)
    {
        public string Name { get; } = name;

        public Policy Policy { get; } = policy;

        public IConnector? Connector { get; } = connector;

        public ConnectorConfig? DormantConfig { get; } = dormantConfig;
    }

    internal sealed record ConfigEntry(string Name, ConnectorConfig Connector, Policy Policy);

    internal sealed record ConfigOptions(List<ConfigEntry> Connectors);

    private sealed class TagScope(string[] subsetTags, string[] supersetTags, TagScope? outer) : IDisposable
    {
        private int _disposed;

        public string[] SubsetTags { get; } = subsetTags;

        public string[] SupersetTags { get; } = supersetTags;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0 && AmbientTags.Value == this)
            {
                AmbientTags.Value = outer;
            }
        }
    }
}

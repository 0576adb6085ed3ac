using System.Text.Json;

namespace ProxyStore.Connectors;

public sealed partial class MultiConnector
{
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
}

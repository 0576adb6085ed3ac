using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProxyStore.Connectors;
using ProxyStore.Serialization.Json;

namespace ProxyStore.Extensions.Hosting.Configuration;

/// <summary>
/// Reads a store's <c>Connector</c> section (<c>Kind</c> is <c>Local</c>, <c>File</c>,
/// <c>SharedMemory</c>, <c>Redis</c>, <c>Peer</c> or <c>Multi</c>, with that kind's options) into a function that creates the
/// connector, given the store's logger. The connectors are made with their public constructors, so the store owns their
/// storage and closing them clears what their own options say (a file connector's
/// <c>Clear</c>, a Redis connector's <c>Clear</c>), as if the application had made them; unlike
/// <see cref="FileConnector"/>'s constructor, a configured File connector keeps its directory
/// unless <c>Clear</c> is true.
/// </summary>
internal static class ConnectorSettings
{
    private const string KindKey = "Kind";
    private const string PolicyKey = "Policy";
    private const string RedisKind = "redis";

    /// <summary>The connector maker, or null when the section has problems (recorded in <paramref name="reader"/>).</summary>
    public static Func<ILogger?, IConnector>? Read(IConfigurationSection section, SettingsReader reader, string store, bool nested = false)
    {
        if (!section.Exists())
        {
            reader.Problem(section, "is required: a section with Kind (Local, File, SharedMemory, Redis, Peer or Multi) and its options.");
            return null;
        }

        string? kind = reader.RequiredString(section, KindKey);
        string[] extra = nested ? [KindKey, PolicyKey] : [KindKey];
        int before = reader.Problems.Count;
        Func<ILogger?, IConnector>? create = kind?.ToUpperInvariant() switch
        {
            null => null,
            "LOCAL" => Ignoring(Local(section, reader, extra)),
            "FILE" => Ignoring(File(section, reader, extra)),
            "SHAREDMEMORY" => Ignoring(SharedMemory(section, reader, extra)),
            "REDIS" => Ignoring(Redis(section, reader, extra)),
            "PEER" => PeerSettings.Read(section, reader, store, extra),
            "MULTI" when !nested => Multi(section, reader, store),
            "MULTI" => Fail(reader, section.GetSection(KindKey), "a Multi connector cannot hold another Multi connector."),
            _ => Fail(reader, section.GetSection(KindKey), $"'{kind}' is not a connector kind; expected Local, File, SharedMemory, Redis, Peer or Multi."),
        };
        return reader.Problems.Count == before ? create : null;
    }

    // Only the peer connector logs (its refused connections); the others' stores log for them.
    private static Func<ILogger?, IConnector> Ignoring(Func<IConnector> create) => _ => create();

    private static Func<ILogger?, IConnector>? Fail(SettingsReader reader, IConfigurationSection section, string message)
    {
        reader.Problem(section, message);
        return null;
    }

    private static Func<IConnector> Local(IConfigurationSection section, SettingsReader reader, string[] extra)
    {
        reader.RejectUnknown(section, extra);
        return static () => new LocalConnector();
    }

    private static Func<IConnector> File(IConfigurationSection section, SettingsReader reader, string[] extra)
    {
        reader.RejectUnknown(section, [.. extra, "Directory", "Clear", "Durable", "ValueFormat"]);
        string? directory = reader.RequiredString(section, "Directory");
        // A configured directory is the application's data (documents, a cache shared with other
        // processes): kept across restarts unless the configuration says to clear it.
        bool clear = reader.Bool(section, "Clear", fallback: false);
        bool durable = reader.Bool(section, "Durable", fallback: false);
        ValueFormat format = ReadValueFormat(section, reader);
        return () => new FileConnector(directory!, clear, durable) { ValueFormat = format };
    }

    private static Func<IConnector> SharedMemory(IConfigurationSection section, SettingsReader reader, string[] extra)
    {
        // The name is required: it is how the processes of one machine find the same segments.
        reader.RejectUnknown(section, [.. extra, "Name", "Clear", "PooledSegmentBytes"]);
        string? name = reader.RequiredString(section, "Name");
        if (name is not null && !StoreKey.IsPlainId(name))
        {
            reader.Problem(section.GetSection("Name"), "may hold only letters, digits, '-' and '_' (1 to 128 of them).");
        }

        bool clear = reader.Bool(section, "Clear", fallback: false);
        long pooled = reader.Long(section, "PooledSegmentBytes", fallback: SharedMemoryConnector.DefaultPooledSegmentBytes);
        return () => new SharedMemoryConnector(name!, clear, pooled);
    }

    private static Func<IConnector> Redis(IConfigurationSection section, SettingsReader reader, string[] extra)
    {
        reader.RejectUnknown(
            section,
            [.. extra, "Host", "Port", "KeyPrefix", "Database", "Clear", "User", "Password", "PasswordEnvironmentVariable", "Ssl", "ConnectTimeout", "OperationTimeout", "ValueFormat"]);
        string? host = reader.RequiredString(section, "Host");
        int port = reader.Int(section, "Port", fallback: 6379, min: 1, max: 65535);

        // The password is never quoted: problems name its key only.
        string? password = reader.String(section, "Password");
        string? variable = reader.String(section, "PasswordEnvironmentVariable");
        if (password is not null && variable is not null)
        {
            reader.Problem(section.GetSection("Password"), "set either Password or PasswordEnvironmentVariable, not both.");
        }
        else if (variable is not null && Environment.GetEnvironmentVariable(variable) is null)
        {
            reader.Problem(section.GetSection("PasswordEnvironmentVariable"), $"the environment variable '{variable}' is not set.");
        }

        int database = reader.Int(section, "Database", fallback: 0, min: 0, max: int.MaxValue);
        // Zero means not set (a set duration is positive): the connector's own defaults apply.
        TimeSpan connectTimeout = reader.Duration(section, "ConnectTimeout", TimeSpan.Zero);
        TimeSpan operationTimeout = reader.Duration(section, "OperationTimeout", TimeSpan.Zero);

        // The Redis connector is in ProxyStore.Redis, which this package does not reference: the
        // store's connector is made through its registered kind, from the same options a config holds.
        if (!ConnectorConfig.IsKindAvailable(RedisKind, out string? missing))
        {
            reader.Problem(section.GetSection(KindKey), missing);
        }

        var options = new JsonObject
        {
            ["host"] = host,
            ["port"] = port,
            ["keyPrefix"] = reader.String(section, "KeyPrefix"),
            ["database"] = database,
            ["clear"] = reader.Bool(section, "Clear", fallback: false),
            ["user"] = reader.String(section, "User"),
            ["password"] = password,
            ["passwordEnvironmentVariable"] = variable,
            ["ssl"] = reader.Bool(section, "Ssl", fallback: false),
            ["connectTimeoutMs"] = connectTimeout > TimeSpan.Zero ? connectTimeout.TotalMilliseconds : null,
            ["operationTimeoutMs"] = operationTimeout > TimeSpan.Zero ? operationTimeout.TotalMilliseconds : null,
            ["valueFormat"] = ReadValueFormat(section, reader).ToString(),
        };
        var config = new ConnectorConfig(RedisKind, JsonSerializer.SerializeToElement(options, RuntimeJsonContext.Default.JsonObject));
        return () => config.CreateOwnedConnector();
    }

    /// <summary>The connector's <c>ValueFormat</c>: <c>ProxyStore</c> (the default) or <c>Python</c>, to share the medium with Python ProxyStore.</summary>
    private static ValueFormat ReadValueFormat(IConfigurationSection section, SettingsReader reader)
    {
        string? text = reader.String(section, "ValueFormat");
        if (text is null)
        {
            return ValueFormat.ProxyStore;
        }

        if (Enum.TryParse(text, ignoreCase: true, out ValueFormat format) && Enum.IsDefined(format) && !int.TryParse(text, out _))
        {
            return format;
        }

        reader.Problem(section.GetSection("ValueFormat"), $"'{text}' is not a value format; expected ProxyStore or Python.");
        return ValueFormat.ProxyStore;
    }

    private static Func<ILogger?, IConnector>? Multi(IConfigurationSection section, SettingsReader reader, string store)
    {
        reader.RejectUnknown(section, KindKey, "Connectors");
        IConfigurationSection connectors = section.GetSection("Connectors");
        var routes = new List<(string Name, Func<ILogger?, IConnector>? Create, Policy? Policy)>();
        foreach (IConfigurationSection inner in connectors.GetChildren())
        {
            routes.Add((inner.Key, Read(inner, reader, store, nested: true), ReadPolicy(inner.GetSection(PolicyKey), reader)));
        }

        if (routes.Count == 0)
        {
            reader.Problem(connectors, "is required: a Multi connector needs at least one named connector, each with Kind and an optional Policy.");
            return null;
        }

        return logger => CreateMulti(routes, logger);
    }

    private static MultiConnector CreateMulti(List<(string Name, Func<ILogger?, IConnector>? Create, Policy? Policy)> routes, ILogger? logger)
    {
        var made = new List<RoutedConnector>();
        try
        {
            foreach ((string name, Func<ILogger?, IConnector>? create, Policy? policy) in routes)
            {
                made.Add(new RoutedConnector(name, create!(logger), policy ?? new Policy()));
            }

            return new MultiConnector(made);
        }
        catch (Exception failure)
        {
            // The connectors made so far are closed without clearing: nothing was stored through
            // them, and a directory or key prefix they reach may hold another program's objects.
            foreach (RoutedConnector route in made)
            {
                try
                {
                    route.Connector.Close(clear: false);
                }
                catch (Exception closeFailure)
                {
                    throw new AggregateException($"{failure.Message} Closing connector '{route.Name}' failed too.", failure, closeFailure);
                }
            }

            throw;
        }
    }

    private static Policy? ReadPolicy(IConfigurationSection section, SettingsReader reader)
    {
        if (!section.Exists())
        {
            return null;
        }

        reader.RejectUnknown(section, "Priority", "MinSizeBytes", "MaxSizeBytes", "SubsetTags", "SupersetTags", "HostPattern");
        try
        {
            return new Policy
            {
                Priority = reader.Int(section, "Priority", fallback: 0, min: int.MinValue, max: int.MaxValue),
                MinSizeBytes = reader.Long(section, "MinSizeBytes", fallback: 0),
                MaxSizeBytes = reader.Long(section, "MaxSizeBytes", fallback: long.MaxValue),
                SubsetTags = reader.List(section, "SubsetTags"),
                SupersetTags = reader.List(section, "SupersetTags"),
                HostPattern = reader.String(section, "HostPattern"),
            };
        }
        catch (ArgumentException e)
        {
            reader.Problem(section, e.Message);
            return null;
        }
    }
}

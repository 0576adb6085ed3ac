using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using ProxyStore.Serialization.Json;

namespace ProxyStore.Connectors;

/// <summary>
/// Everything needed to recreate a connector: its kind and its options as JSON.
/// Round-trips through System.Text.Json.
/// </summary>
/// <remarks>
/// A configuration may hold a secret, such as the password of a Redis connector
/// given one directly; <see cref="ToString"/> masks every option named <c>password</c>, but
/// the JSON holds it.
/// </remarks>
/// <param name="Kind">The registered kind, such as <c>local</c> or <c>file</c>.</param>
/// <param name="Options">The connector's options.</param>
public sealed partial record ConnectorConfig(string Kind, JsonElement Options)
{
    private static readonly ConcurrentDictionary<string, Func<JsonElement, IConnector>> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        [LocalConnector.KindName] = LocalConnector.FromOptions,
        [FileConnector.KindName] = FileConnector.FromOptions,
        [SharedMemoryConnector.KindName] = SharedMemoryConnector.FromOptions,
        [PeerConnector.KindName] = PeerConnector.FromOptions,
        [MultiConnector.KindName] = options => MultiConnector.FromOptions(options, hostname: null),
    };

    // Kinds that can create their connector without blocking a thread (a connect to a server);
    // the others are created synchronously by CreateConnectorAsync.
    private static readonly ConcurrentDictionary<string, Func<JsonElement, CancellationToken, ValueTask<IConnector>>> AsyncKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        [MultiConnector.KindName] = static async (options, cancellationToken) => await MultiConnector.FromOptionsAsync(options, hostname: null, cancellationToken).ConfigureAwait(false),
    };

    // Kinds whose connector lives in a package of its own, and the assembly that registers the kind
    // when it loads (a module initializer calling RegisterKind). A process that meets such a kind
    // in a config or reference before it has used that package loads the assembly by name.
    private static readonly Dictionary<string, string> WellKnownKindAssemblies = new(StringComparer.OrdinalIgnoreCase)
    {
        ["redis"] = "ProxyStore.Redis",
    };

    /// <summary>Creates a configuration from an options object serialized with System.Text.Json.</summary>
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public static ConnectorConfig Create<TOptions>(string kind, TOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        return new ConnectorConfig(kind, JsonSerializer.SerializeToElement(options, ConfigJson.Reflection));
    }

    /// <summary>
    /// Creates a configuration from an options object serialized through <paramref name="typeInfo"/>,
    /// a contract from a <see cref="System.Text.Json.Serialization.JsonSerializerContext"/>: needs
    /// no reflection, so it works in trimmed and NativeAOT applications.
    /// </summary>
    public static ConnectorConfig Create<TOptions>(string kind, TOptions options, JsonTypeInfo<TOptions> typeInfo)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(typeInfo);
        return new ConnectorConfig(kind, JsonSerializer.SerializeToElement(options, typeInfo));
    }

    private const string ReflectionMessage = "Connector options are serialized through reflection; in trimmed or NativeAOT applications pass the JsonTypeInfo<TOptions> of a JsonSerializerContext instead.";

    /// <summary>The configuration of a built-in connector, whose options have a source-generated contract.</summary>
    internal static ConnectorConfig OfBuiltIn<TOptions>(string kind, TOptions options) =>
        Create(kind, options, RuntimeJsonContext.Info<TOptions>(ConfigJson.Options));

    /// <summary>
    /// Teaches this process to recreate connectors of <paramref name="kind"/>. Built-in
    /// connectors are known already; custom ones register before a config naming them is used.
    /// Connectors in packages of their own register their kind when their assembly loads
    /// (<c>redis</c>, in ProxyStore.Redis); a config naming such a kind loads that assembly when the
    /// package is referenced.
    /// </summary>
    /// <exception cref="InvalidOperationException">A different factory is already registered for <paramref name="kind"/>.</exception>
    public static void RegisterKind(string kind, Func<JsonElement, IConnector> factory)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(factory);
        Func<JsonElement, IConnector> registered = Kinds.GetOrAdd(kind, factory);
        if (registered != factory)
        {
            throw new InvalidOperationException($"A connector kind named '{kind}' is already registered.");
        }
    }

    /// <summary>
    /// Teaches this process to recreate connectors of <paramref name="kind"/>, with an asynchronous
    /// way for <see cref="CreateConnectorAsync"/> (and so for asynchronous proxy resolution) to
    /// create one without blocking a thread, such as a connect to a server.
    /// </summary>
    /// <param name="kind">The kind's name.</param>
    /// <param name="factory">Creates a connector from its options, synchronously.</param>
    /// <param name="asyncFactory">Creates a connector from its options without blocking a thread.</param>
    /// <exception cref="InvalidOperationException">A different factory is already registered for <paramref name="kind"/>.</exception>
    public static void RegisterKind(string kind, Func<JsonElement, IConnector> factory, Func<JsonElement, CancellationToken, ValueTask<IConnector>> asyncFactory)
    {
        ArgumentNullException.ThrowIfNull(asyncFactory);
        RegisterKind(kind, factory);
        Func<JsonElement, CancellationToken, ValueTask<IConnector>> registered = AsyncKinds.GetOrAdd(kind, asyncFactory);
        if (registered != asyncFactory)
        {
            throw new InvalidOperationException($"An asynchronous factory for the connector kind '{kind}' is already registered.");
        }
    }

    /// <summary>Reads the options as <typeparamref name="TOptions"/>.</summary>
    /// <exception cref="ArgumentException">The options do not describe a <typeparamref name="TOptions"/>.</exception>
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public TOptions ReadOptions<TOptions>() => ReadOptions((JsonTypeInfo<TOptions>)ConfigJson.Reflection.GetTypeInfo(typeof(TOptions)));

    /// <summary>
    /// Reads the options as <typeparamref name="TOptions"/> through <paramref name="typeInfo"/>, a
    /// contract from a <see cref="System.Text.Json.Serialization.JsonSerializerContext"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The options do not describe a <typeparamref name="TOptions"/>.</exception>
    public TOptions ReadOptions<TOptions>(JsonTypeInfo<TOptions> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        try
        {
            return Options.Deserialize(typeInfo)
                ?? throw new ArgumentException($"The '{Kind}' connector config has no options.", nameof(Options));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            string expected = string.Join(", ", typeInfo.Properties.Select(p => p.Name));
            throw new ArgumentException($"The '{Kind}' connector config has invalid options (expected: {expected}): {e.Message}", nameof(Options), e);
        }
    }

    /// <summary>Creates the connector this configuration describes.</summary>
    /// <remarks>
    /// A kind whose connector lives in a package of its own (<c>redis</c>, in ProxyStore.Redis) is
    /// known once that package's assembly is loaded; if it is not yet, it is loaded by name here.
    /// In a trimmed or NativeAOT application that assembly is only present when the application
    /// uses one of its types.
    /// </remarks>
    /// <exception cref="ArgumentException">No connector kind named <see cref="Kind"/> is registered,
    /// or its package (named in the message) is not referenced.</exception>
    public IConnector CreateConnector()
    {
        if (string.IsNullOrEmpty(Kind) || !TryGetKind(Kind, out Func<JsonElement, IConnector>? factory))
        {
            throw UnknownKind();
        }

        return factory(Options);
    }

    /// <summary>
    /// Creates the connector this configuration describes without blocking a thread where its kind
    /// can: a Redis connector connects asynchronously, and so do the Redis connectors inside a
    /// multi connector, and custom kinds registered with an asynchronous factory. Other kinds
    /// (local, file, custom kinds without one) are created as <see cref="CreateConnector"/> creates them.
    /// </summary>
    /// <param name="cancellationToken">Stops the wait for a connect.</param>
    /// <exception cref="ArgumentException">No connector kind named <see cref="Kind"/> is registered,
    /// or its package (named in the message) is not referenced.</exception>
    public ValueTask<IConnector> CreateConnectorAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (string.IsNullOrEmpty(Kind) || !TryGetKind(Kind, out _))
        {
            throw UnknownKind();
        }

        return AsyncKinds.TryGetValue(Kind, out Func<JsonElement, CancellationToken, ValueTask<IConnector>>? factory)
            ? factory(Options, cancellationToken)
            : ValueTask.FromResult(CreateConnector());
    }

    private static bool TryGetKind(string kind, [NotNullWhen(true)] out Func<JsonElement, IConnector>? factory) =>
        Kinds.TryGetValue(kind, out factory)
        || (LoadWellKnownKind(kind) && Kinds.TryGetValue(kind, out factory));

    // Loads the assembly of a well-known kind's package and runs its module initializer, which
    // registers the kind (both factories, before it returns). False when the kind is not a
    // well-known one or its assembly is not there.
    private static bool LoadWellKnownKind(string kind)
    {
        if (!WellKnownKindAssemblies.TryGetValue(kind, out string? assemblyName))
        {
            return false;
        }

        System.Reflection.Assembly assembly;
        try
        {
            assembly = System.Reflection.Assembly.Load(new System.Reflection.AssemblyName(assemblyName));
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            return false;
        }

        System.Runtime.CompilerServices.RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
        return true;
    }

    private ArgumentException UnknownKind()
    {
        string known = string.Join(", ", Kinds.Keys.Order(StringComparer.Ordinal));
        return !string.IsNullOrEmpty(Kind) && WellKnownKindAssemblies.TryGetValue(Kind, out string? package)
            ? new ArgumentException(
                $"The connector kind '{Kind}' is in the {package} package, which this application does not reference " +
                $"(the {package} assembly could not be loaded). Add a reference to the {package} package. Known kinds: {known}.",
                nameof(Kind))
            : new ArgumentException(
                $"Unknown connector kind '{Kind}'. Known kinds: {known}. " +
                "Register custom connectors with ConnectorConfig.RegisterKind.",
                nameof(Kind));
    }

    internal static TOptions ReadOptions<TOptions>(string kind, JsonElement options) =>
        new ConnectorConfig(kind, options).ReadOptions(RuntimeJsonContext.Info<TOptions>(ConfigJson.Options));

    /// <summary>Two configurations are equal when their kinds match and their options hold the same JSON.</summary>
    public bool Equals(ConnectorConfig? other) =>
        other is not null
        && string.Equals(Kind, other.Kind, StringComparison.OrdinalIgnoreCase)
        && JsonElement.DeepEquals(Options, other.Options);

    /// <summary>Describes the configuration, with the value of every option named <c>password</c> masked.</summary>
    public override string ToString() => $"ConnectorConfig {{ Kind = {Kind}, Options = {Masked(Options)} }}";

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Kind ?? string.Empty);

    private static string Masked(JsonElement options)
    {
        if (options.ValueKind == JsonValueKind.Undefined)
        {
            return string.Empty;
        }

        JsonNode? node = JsonNode.Parse(options.GetRawText());
        Mask(node);
        return node?.ToJsonString() ?? "null";
    }

    private static void Mask(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (string name in obj.Select(p => p.Key).ToList())
                {
                    if (string.Equals(name, "password", StringComparison.OrdinalIgnoreCase) && obj[name] is not null)
                    {
                        obj[name] = "***";
                    }
                    else
                    {
                        Mask(obj[name]);
                    }
                }

                break;
            case JsonArray array:
                foreach (JsonNode? item in array)
                {
                    Mask(item);
                }

                break;
        }
    }
}

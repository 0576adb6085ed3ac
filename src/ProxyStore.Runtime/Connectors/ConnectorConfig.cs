using System.Collections.Concurrent;
using System.Text.Json;

namespace ProxyStore.Connectors;

/// <summary>
/// Everything needed to recreate a connector: its kind and its options as JSON.
/// Round-trips through System.Text.Json.
/// </summary>
/// <param name="Kind">The registered kind, such as <c>local</c> or <c>file</c>.</param>
/// <param name="Options">The connector's options.</param>
public sealed record ConnectorConfig(string Kind, JsonElement Options)
{
    private static readonly ConcurrentDictionary<string, Func<JsonElement, IConnector>> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        [LocalConnector.KindName] = LocalConnector.FromOptions,
        [FileConnector.KindName] = FileConnector.FromOptions,
    };

    /// <summary>Creates a configuration from an options object serialized with System.Text.Json.</summary>
    public static ConnectorConfig Create<TOptions>(string kind, TOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        return new ConnectorConfig(kind, JsonSerializer.SerializeToElement(options, ConfigJson.Options));
    }

    /// <summary>
    /// Teaches this process to recreate connectors of <paramref name="kind"/>. Built-in
    /// connectors are known already; custom ones register before a config naming them is used.
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

    /// <summary>Reads the options as <typeparamref name="TOptions"/>.</summary>
    /// <exception cref="ArgumentException">The options do not describe a <typeparamref name="TOptions"/>.</exception>
    public TOptions ReadOptions<TOptions>()
    {
        try
        {
            return Options.Deserialize<TOptions>(ConfigJson.Options)
                ?? throw new ArgumentException($"The '{Kind}' connector config has no options.", nameof(Options));
        }
        catch (JsonException e)
        {
            string expected = string.Join(", ", ConfigJson.Options.GetTypeInfo(typeof(TOptions)).Properties.Select(p => p.Name));
            throw new ArgumentException($"The '{Kind}' connector config has invalid options (expected: {expected}): {e.Message}", nameof(Options), e);
        }
    }

    /// <summary>Creates the connector this configuration describes.</summary>
    /// <exception cref="ArgumentException">No connector kind named <see cref="Kind"/> is registered.</exception>
    public IConnector CreateConnector()
    {
        if (string.IsNullOrEmpty(Kind) || !Kinds.TryGetValue(Kind, out Func<JsonElement, IConnector>? factory))
        {
            throw new ArgumentException(
                $"Unknown connector kind '{Kind}'. Known kinds: {string.Join(", ", Kinds.Keys.Order(StringComparer.Ordinal))}. " +
                "Register custom connectors with ConnectorConfig.RegisterKind.",
                nameof(Kind));
        }

        return factory(Options);
    }

    internal static TOptions ReadOptions<TOptions>(string kind, JsonElement options) => new ConnectorConfig(kind, options).ReadOptions<TOptions>();

    /// <summary>Two configurations are equal when their kinds match and their options hold the same JSON.</summary>
    public bool Equals(ConnectorConfig? other) =>
        other is not null
        && string.Equals(Kind, other.Kind, StringComparison.OrdinalIgnoreCase)
        && JsonElement.DeepEquals(Options, other.Options);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Kind ?? string.Empty);
}

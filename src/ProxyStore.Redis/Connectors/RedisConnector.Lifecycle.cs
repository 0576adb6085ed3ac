using System.Text.Json;

namespace ProxyStore.Connectors;

public sealed partial class RedisConnector
{
    /// <summary>
    /// The configuration that recreates this connector. It holds the password only when the
    /// connector was given one through <see cref="RedisConnectorOptions.Password"/>; see
    /// <see cref="RedisConnectorOptions"/>.
    /// </summary>
    public ConnectorConfig GetConfig() => ConnectorConfig.Create(KindName, new ConfigOptions(
        Host,
        Port,
        Options.KeyPrefix,
        Options.Database,
        Options.Clear,
        Options.User,
        Options.Password,
        Options.PasswordEnvironmentVariable,
        Options.Ssl,
        Options.ConnectTimeout.TotalMilliseconds,
        Options.OperationTimeout.TotalMilliseconds,
        Options.ValueFormat),
        Serialization.Json.RedisJsonContext.RedisOptionsInfo);

    /// <summary>
    /// Closes the connector, deleting its keys when <see cref="Clear"/> is set and this connector
    /// was made with <c>Connect</c>, <c>ConnectAsync</c>, the constructor or <see cref="FromConnectionString"/>. A connector recreated
    /// from a config (the store a proxy resolves through, <see cref="Store.FromConfig"/>,
    /// <see cref="StoreRegistry.GetOrCreate"/>, another process) never deletes keys on its own:
    /// the objects belong to the process that created the store.
    /// </summary>
    /// <exception cref="RedisConnectorException">Clearing failed; the connector is closed all the same.</exception>
    public void Close() => Close(ClearsOnClose);

    /// <summary>
    /// Closes the connector; <paramref name="clear"/> decides for this call whether its keys are
    /// deleted, whoever made the connector: <c>Close(false)</c> closes without clearing.
    /// Clearing deletes the store objects under <see cref="KeyPrefix"/> in <see cref="Database"/>,
    /// found with <c>SCAN</c> and deleted in batches by a script that checks each value's first
    /// bytes; keys holding anything else (an application's own, bytes put through
    /// <see cref="Put"/> without a store) stay. It never flushes the database. Closing twice is harmless.
    /// </summary>
    /// <exception cref="RedisConnectorException">Clearing failed; the connector is closed all the same.</exception>
    public void Close(bool clear)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        try
        {
            if (clear)
            {
                DeleteAllUnderPrefix();
            }
        }
        finally
        {
            _lease.Dispose();
        }
    }

    /// <summary>Asynchronous <see cref="Close(bool)"/>: clears with asynchronous <c>SCAN</c> and deletes.</summary>
    /// <exception cref="RedisConnectorException">Clearing failed; the connector is closed all the same.</exception>
    public async ValueTask CloseAsync(bool clear)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        try
        {
            if (clear)
            {
                await DeleteAllUnderPrefixAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _lease.Dispose();
        }
    }

    /// <summary>Asynchronous <see cref="Close()"/>: clears under the same rule.</summary>
    /// <exception cref="RedisConnectorException">Clearing failed; the connector is closed all the same.</exception>
    public ValueTask CloseAsync() => CloseAsync(ClearsOnClose);

    /// <summary>Same as <see cref="CloseAsync()"/>.</summary>
    public ValueTask DisposeAsync() => CloseAsync();

    /// <summary>Describes the connector: server, database and key prefix, never the password.</summary>
    public override string ToString() => IsPython
        ? $"RedisConnector({Host}:{Port}, database={Database}, Python's bare keys)"
        : $"RedisConnector({Host}:{Port}, database={Database}, keyPrefix={KeyPrefix})";

    internal static IConnector FromOptions(JsonElement options) => new RedisConnector(PlanFromOptions(options), ownsKeys: false, lease: null);

    /// <summary>A connector from config options that owns its keys, as <see cref="Connect(string, int, RedisConnectorOptions?)"/> makes: hosting's configured stores.</summary>
    internal static IConnector FromOwnedOptions(JsonElement options) => new RedisConnector(PlanFromOptions(options), ownsKeys: true, lease: null);

    /// <summary>Asynchronous <see cref="FromOptions"/>: connects without blocking a thread.</summary>
    internal static async ValueTask<IConnector> FromOptionsAsync(JsonElement options, CancellationToken cancellationToken) =>
        await OpenAsync(PlanFromOptions(options), ownsKeys: false, cancellationToken).ConfigureAwait(false);

    private static ConnectPlan PlanFromOptions(JsonElement options)
    {
        ConfigOptions read = new ConnectorConfig(KindName, options).ReadOptions(Serialization.Json.RedisJsonContext.RedisOptionsInfo);
        if (string.IsNullOrWhiteSpace(read.Host))
        {
            throw new ArgumentException("The 'redis' connector config needs a host.", nameof(options));
        }

        return ConnectPlan.Make(read.Host, read.Port, new RedisConnectorOptions
        {
            KeyPrefix = read.KeyPrefix ?? RedisConnectorOptions.DefaultKeyPrefix,
            Database = read.Database,
            Clear = read.Clear,
            User = read.User,
            Password = read.Password,
            PasswordEnvironmentVariable = read.PasswordEnvironmentVariable,
            Ssl = read.Ssl,
            ConnectTimeout = read.ConnectTimeoutMs is double connect ? TimeSpan.FromMilliseconds(connect) : RedisConnectorOptions.DefaultConnectTimeout,
            OperationTimeout = read.OperationTimeoutMs is double operation ? TimeSpan.FromMilliseconds(operation) : RedisConnectorOptions.DefaultOperationTimeout,
            ValueFormat = read.ValueFormat,
        });
    }
}

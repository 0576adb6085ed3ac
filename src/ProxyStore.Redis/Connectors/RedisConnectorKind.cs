using System.Runtime.CompilerServices;

namespace ProxyStore.Connectors;

/// <summary>
/// Registers the <c>redis</c> connector kind when this assembly loads, so that configs and
/// references naming it recreate a <see cref="RedisConnector"/> (synchronously and without
/// blocking a thread), and so that hosting configuration makes a store's own Redis connector
/// without referencing this package. The core loads this assembly by name when it meets the kind first.
/// </summary>
internal static class RedisConnectorKind
{
#pragma warning disable CA2255 // A library's module initializer: registering its connector kind is what it is for.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register()
    {
        ConnectorConfig.RegisterKind(RedisConnector.KindName, RedisConnector.FromOptions, RedisConnector.FromOptionsAsync);
        ConnectorConfig.RegisterOwnedKind(RedisConnector.KindName, RedisConnector.FromOwnedOptions);

        // A consumer may reach the producer's store with its own credentials, TLS and timeouts.
        ConnectorConfig.RegisterNonAddressingFields(
            RedisConnector.KindName, "clear", "user", "password", "passwordEnvironmentVariable", "ssl", "connectTimeoutMs", "operationTimeoutMs");
    }
}

namespace ProxyStore.Connectors;

/// <summary>
/// Closes connectors that a store made from a config holds: those never own the storage (it
/// belongs to the store that created it, in this or another process), so they are closed
/// without clearing, whatever their config says.
/// </summary>
internal static class ConnectorShutdown
{
    /// <summary>Closes <paramref name="connector"/> without clearing its storage where the connector can be told so.</summary>
    /// <remarks>
    /// Connectors of other kinds are closed with <see cref="IConnector.Close"/>: a custom connector
    /// recreated from a config should not clear on close, as <see cref="FileConnector"/> does not.
    /// </remarks>
    public static void CloseKeepingStorage(IConnector connector)
    {
        switch (connector)
        {
            case FileConnector file:
                file.Close(clear: false);
                break;
            case RedisConnector redis:
                redis.Close(clear: false);
                break;
            case MultiConnector multi:
                multi.CloseKeepingStorage();
                break;
            default:
                connector.Close();
                break;
        }
    }

    /// <summary>Asynchronous <see cref="CloseKeepingStorage"/>.</summary>
    public static ValueTask CloseKeepingStorageAsync(IConnector connector)
    {
        if (connector is RedisConnector redis)
        {
            return redis.CloseAsync(clear: false);
        }

        if (connector is FileConnector or MultiConnector)
        {
            CloseKeepingStorage(connector);
            return ValueTask.CompletedTask;
        }

        return connector.DisposeAsync();
    }
}

namespace ProxyStore.Connectors;

/// <summary>
/// Closes connectors that a store made from a config holds: those never own the storage (it
/// belongs to the store that created it, in this or another process), so they are closed
/// without clearing, whatever their config says.
/// </summary>
internal static class ConnectorShutdown
{
    /// <summary>Closes <paramref name="connector"/> without clearing its storage (<see cref="IConnector.Close(bool)"/>).</summary>
    public static void CloseKeepingStorage(IConnector connector) => connector.Close(clear: false);

    /// <summary>Asynchronous <see cref="CloseKeepingStorage"/>.</summary>
    public static ValueTask CloseKeepingStorageAsync(IConnector connector)
    {
        if (connector is IAsyncCloseConnector closer)
        {
            return closer.CloseAsync(clear: false);
        }

        connector.Close(clear: false);
        return ValueTask.CompletedTask;
    }
}

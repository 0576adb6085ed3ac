namespace ProxyStore.Connectors;

/// <summary>
/// A connector that can close without blocking a thread, with the same choice as
/// <see cref="IConnector.Close(bool)"/> of whether its storage is cleared. A store recreated
/// from a config closes its connector through it, keeping the storage, when disposed
/// asynchronously (<see cref="ConnectorShutdown.CloseKeepingStorageAsync"/>). The Redis
/// connector implements it (its clear is an asynchronous <c>SCAN</c>, and its close releases a
/// server connection).
/// </summary>
internal interface IAsyncCloseConnector
{
    /// <summary>Asynchronous <see cref="IConnector.Close(bool)"/>.</summary>
    ValueTask CloseAsync(bool clear);
}

namespace ProxyStore.Connectors;

/// <summary>
/// A connector that only writes out the memory a put gives it and never keeps it (Redis sends it
/// to the server), so the store may frame a large object in a pooled buffer that it reuses for
/// the next put instead of a new array of the object's size.
/// </summary>
/// <remarks>
/// Only ProxyStore's own connectors say so: a connector of the user's that kept the memory it was
/// given, against <see cref="IConnector.Put"/>'s contract, would otherwise see its objects change
/// under it when the buffer is reused, silently.
/// </remarks>
internal interface IWriteThroughConnector;

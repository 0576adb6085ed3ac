namespace ProxyStore;

/// <summary>A store factory that waits for its object: what a proxy reference adds the polling options for.</summary>
internal interface IPollingStoreFactory : IStoreFactory
{
    /// <summary>How the factory waits.</summary>
    PollingOptions Polling { get; }
}

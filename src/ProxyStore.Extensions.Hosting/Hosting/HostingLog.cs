using Microsoft.Extensions.Logging;

namespace ProxyStore.Extensions.Hosting.Hosting;

/// <summary>What the host logs about its stores' lifecycle; generated, so a disabled level costs one check.</summary>
internal static partial class HostingLog
{
    /// <summary>The category of the host's own messages.</summary>
    public const string Category = "ProxyStore.Hosting";

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Store {Store} started over {Connector} (cache size {CacheSize}, metrics {Metrics}), registered in StoreRegistry")]
    public static partial void StoreStarted(ILogger logger, string store, string connector, int cacheSize, bool metrics);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Store {Store} stopped")]
    public static partial void StoreStopped(ILogger logger, string store);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Store {Store} failed to close its connector")]
    public static partial void StoreStopFailed(ILogger logger, string store, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Store {Store} ({Source}) cannot be made")]
    public static partial void StoreFailed(ILogger logger, string store, string source, Exception exception);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "The ProxyStore configuration is invalid")]
    public static partial void ConfigurationInvalid(ILogger logger, Exception exception);
}

using Microsoft.Extensions.Logging;

namespace ProxyStore.Extensions.Hosting.Stores;

/// <summary>
/// What the host logs about its stores beyond what each store logs itself (opening and closing):
/// stores that cannot be made or closed. Generated, so a disabled level costs one check.
/// </summary>
internal static partial class HostingLog
{
    /// <summary>The category of the host's own messages.</summary>
    public const string Category = "ProxyStore.Hosting";

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Store {Store} failed to close its connector")]
    public static partial void StoreStopFailed(ILogger logger, string store, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Store {Store} ({Source}) cannot be made")]
    public static partial void StoreFailed(ILogger logger, string store, string source, Exception exception);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "The ProxyStore configuration is invalid")]
    public static partial void ConfigurationInvalid(ILogger logger, Exception exception);
}

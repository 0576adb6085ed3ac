using Microsoft.Extensions.Logging;

namespace ProxyStore;

/// <summary>
/// What a store logs, through methods the LoggerMessage generator writes. Callers check
/// <see cref="ILogger.IsEnabled"/> first (<c>SkipEnabledCheck</c>), so that with the level
/// off not even the arguments (a key's text, a duration) are made.
/// </summary>
internal static partial class StoreLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, SkipEnabledCheck = true,
        Message = "Store {Store} opened over {Connector} (cache size {CacheSize}, metrics {Metrics})")]
    public static partial void Opened(ILogger logger, string store, string connector, int cacheSize, bool metrics);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, SkipEnabledCheck = true, Message = "Store {Store} closed its connector {Connector}")]
    public static partial void Closed(ILogger logger, string store, string connector);

    [LoggerMessage(EventId = 110, Level = LogLevel.Debug, SkipEnabledCheck = true,
        Message = "Store {Store} {Operation} {Key}: {Size} bytes in {ElapsedMs:0.###} ms")]
    public static partial void Operation(ILogger logger, string store, string operation, string key, long size, double elapsedMs);

    [LoggerMessage(EventId = 111, Level = LogLevel.Debug, SkipEnabledCheck = true,
        Message = "Store {Store} {Operation} {Key}: missing, in {ElapsedMs:0.###} ms")]
    public static partial void Missing(ILogger logger, string store, string operation, string key, double elapsedMs);

    [LoggerMessage(EventId = 112, Level = LogLevel.Debug, SkipEnabledCheck = true,
        Message = "Store {Store} {Operation} {Key} in {ElapsedMs:0.###} ms")]
    public static partial void KeyOperation(ILogger logger, string store, string operation, string key, double elapsedMs);

    [LoggerMessage(EventId = 113, Level = LogLevel.Trace, SkipEnabledCheck = true, Message = "Store {Store} store.get {Key}: cache hit")]
    public static partial void CacheHit(ILogger logger, string store, string key);

    [LoggerMessage(EventId = 120, Level = LogLevel.Warning, SkipEnabledCheck = true,
        Message = "Store {Store} {Operation} {Key} failed: the object could not be serialized, or the stored object could not be read as asked")]
    public static partial void ObjectFailed(ILogger logger, string store, string operation, string key, Exception exception);

    [LoggerMessage(EventId = 121, Level = LogLevel.Error, SkipEnabledCheck = true,
        Message = "Store {Store} {Operation} {Key} failed in its connector {Connector}")]
    public static partial void ConnectorFailed(ILogger logger, string store, string operation, string key, string connector, Exception exception);
}

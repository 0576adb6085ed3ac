using Microsoft.Extensions.Logging;

namespace ProxyStore;

// What the store logs when it was given an ILogger. Without one every hook is a null check;
// with one, each checks its level before it makes any argument.
public sealed partial class Store
{
    private ILogger? _logger;

    /// <summary>
    /// Where the store logs, set when it is made (<c>new Store(...) { Logger = logger }</c>): its
    /// opening (logged as this is set) and closing at information, each operation at debug (a
    /// cache hit at trace) with key, size and time, failures at warning (serialization) or error
    /// (connector) with the exception. None when null; nothing logged costs anything when its
    /// level is off.
    /// </summary>
    /// <remarks>
    /// A property rather than a constructor parameter, so that programs which never log need no
    /// reference to Microsoft.Extensions.Logging to compile against the constructor.
    /// </remarks>
    public ILogger? Logger
    {
        get => _logger;
        init
        {
            _logger = value;
            LogOpened();
        }
    }

    /// <summary>Whether operations are logged, so they need their times measured.</summary>
    private bool LogsOperations => _logger is not null && _logger.IsEnabled(LogLevel.Debug);

    private void LogOpened()
    {
        if (_logger is not null && _logger.IsEnabled(LogLevel.Information))
        {
            StoreLog.Opened(_logger, Name, Connector.ToString() ?? Connector.GetType().Name, CacheSize, Metrics is not null);
        }
    }

    private void LogClosed()
    {
        if (_logger is not null && _logger.IsEnabled(LogLevel.Information))
        {
            StoreLog.Closed(_logger, Name, Connector.ToString() ?? Connector.GetType().Name);
        }
    }

    /// <summary>Logs one finished operation at debug: its key, size (when it moved an object) and time.</summary>
    private void LogOperation(string operation, StoreKey key, long? size, long start, long end)
    {
        if (!LogsOperations)
        {
            return;
        }

        double elapsed = Duration.Between(start, end).TotalMilliseconds;
        if (size is long bytes)
        {
            StoreLog.Operation(_logger!, Name, operation, key.ToString(), bytes, elapsed);
        }
        else
        {
            StoreLog.KeyOperation(_logger!, Name, operation, key.ToString(), elapsed);
        }
    }

    /// <summary>Logs a get that found nothing under <paramref name="key"/> at debug.</summary>
    private void LogMissing(StoreKey key, long start, long end)
    {
        if (LogsOperations)
        {
            StoreLog.Missing(_logger!, Name, MetricNames.Get, key.ToString(), Duration.Between(start, end).TotalMilliseconds);
        }
    }

    /// <summary>Logs a batch put at debug, naming its first key and how many follow.</summary>
    private void LogBatch(IReadOnlyList<StoreKey> keys, long size, long start, long end)
    {
        if (LogsOperations)
        {
            string batch = keys.Count == 0 ? "(empty batch)" : $"{keys[0]} and {keys.Count - 1} more";
            StoreLog.Operation(_logger!, Name, MetricNames.PutBatch, batch, size, Duration.Between(start, end).TotalMilliseconds);
        }
    }

    private void LogCacheHit(StoreKey key)
    {
        if (_logger is not null && _logger.IsEnabled(LogLevel.Trace))
        {
            StoreLog.CacheHit(_logger, Name, key.ToString());
        }
    }

    /// <summary>
    /// An exception filter around connector calls: marks the operation's span as failed and logs
    /// the failure, then lets the exception go on (it never catches).
    /// </summary>
    private bool ConnectorFailed(string operation, StoreKey? key, Exception e)
    {
        StoreTelemetry.RecordError(e);
        if (_logger is not null && e is not OperationCanceledException && _logger.IsEnabled(LogLevel.Error))
        {
            StoreLog.ConnectorFailed(_logger, Name, operation, key?.ToString() ?? "(new)", Connector.ToString() ?? Connector.GetType().Name, e);
        }

        return false;
    }

    /// <summary>
    /// Marks the operation's span as failed and logs, at warning, a failure of the object rather
    /// than of the connector: it could not be serialized, or what the connector returned could not
    /// be read as asked (a damaged frame, a wrong type, a failing deserializer, a future's
    /// failure). Called with the exception the caller gets; usable as an exception filter (it
    /// returns false, so it never catches).
    /// </summary>
    private bool ObjectFailed(string operation, StoreKey? key, Exception e)
    {
        if (e is OperationCanceledException)
        {
            return false;
        }

        StoreTelemetry.RecordError(e);
        if (_logger is not null && _logger.IsEnabled(LogLevel.Warning))
        {
            StoreLog.ObjectFailed(_logger, Name, operation, key?.ToString() ?? "(new)", e);
        }

        return false;
    }
}

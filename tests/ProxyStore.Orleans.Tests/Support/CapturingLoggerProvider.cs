using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ProxyStore.Orleans.Tests.Support;

/// <summary>Keeps the warnings logged through it, and ProxyStore's information, to check what the call filters report.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<(EventId Id, string Message)> _warnings = new();
    private readonly ConcurrentQueue<(EventId Id, string Message)> _information = new();

    /// <summary>The warnings logged so far.</summary>
    public IReadOnlyCollection<(EventId Id, string Message)> Warnings => _warnings;

    /// <summary>The information ProxyStore's own loggers logged so far (Orleans' is left out: there is much of it).</summary>
    public IReadOnlyCollection<(EventId Id, string Message)> Information => _information;

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName.StartsWith("ProxyStore", StringComparison.Ordinal));

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, bool ours) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning || (ours && logLevel == LogLevel.Information);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                (logLevel >= LogLevel.Warning ? owner._warnings : owner._information)
                    .Enqueue((eventId, exception is null ? formatter(state, null) : $"{formatter(state, exception)} {exception.Message}"));
            }
        }
    }
}

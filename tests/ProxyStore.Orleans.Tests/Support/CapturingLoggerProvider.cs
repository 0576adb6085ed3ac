using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ProxyStore.Orleans.Tests.Support;

/// <summary>Keeps the warnings logged through it, to check what the call filters report.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<(EventId Id, string Message)> _warnings = new();

    /// <summary>The warnings logged so far.</summary>
    public IReadOnlyCollection<(EventId Id, string Message)> Warnings => _warnings;

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner._warnings.Enqueue((eventId, exception is null ? formatter(state, null) : $"{formatter(state, exception)} {exception.Message}"));
            }
        }
    }
}

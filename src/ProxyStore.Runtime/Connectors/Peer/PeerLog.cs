using Microsoft.Extensions.Logging;

namespace ProxyStore.Connectors;

/// <summary>What a <see cref="PeerConnector"/>'s server logs. The secret is never an argument.</summary>
internal static partial class PeerLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "PeerConnector serving its objects at {Endpoint} (run {Run}, TLS {Tls})")]
    public static partial void Listening(ILogger logger, string endpoint, string run, bool tls);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning,
        Message = "PeerConnector at {Endpoint} refused a connection from {Remote}: it did not prove the application's peer secret")]
    public static partial void Refused(ILogger logger, string endpoint, string remote);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning,
        Message = "PeerConnector at {Endpoint} dropped a connection from {Remote} that did not speak the peer protocol")]
    public static partial void NotAPeer(ILogger logger, string endpoint, string remote);

    [LoggerMessage(EventId = 303, Level = LogLevel.Debug, Message = "PeerConnector at {Endpoint} lost a connection from {Remote}")]
    public static partial void Lost(ILogger logger, string endpoint, string remote, Exception exception);

    [LoggerMessage(EventId = 304, Level = LogLevel.Error, Message = "PeerConnector at {Endpoint} failed serving a connection from {Remote}")]
    public static partial void Failed(ILogger logger, string endpoint, string remote, Exception exception);
}

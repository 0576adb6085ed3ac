using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Serialization;
using StackExchange.Redis;

namespace ProxyStore.Connectors;

public sealed partial class RedisConnector
{
    private static string EscapeGlob(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (c is '*' or '?' or '[' or ']' or '\\' or '^' or '-')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    private static (string Host, int Port) ParseEndpoint(string endpoint)
    {
        string host = endpoint;
        string? port = null;
        if (endpoint.StartsWith('['))
        {
            int close = endpoint.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new ArgumentException($"The Redis server '{endpoint}' lacks a closing ']'.", nameof(endpoint));
            }

            host = endpoint[1..close];
            if (close + 1 < endpoint.Length)
            {
                port = endpoint[(close + 1)..].StartsWith(':') ? endpoint[(close + 2)..] : throw new ArgumentException($"The Redis server '{endpoint}' is not host[:port].", nameof(endpoint));
            }
        }
        else if (endpoint.Count(c => c == ':') == 1)
        {
            int colon = endpoint.IndexOf(':', StringComparison.Ordinal);
            host = endpoint[..colon];
            port = endpoint[(colon + 1)..];
        }

        if (port is null)
        {
            return (host, DefaultPort);
        }

        return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int number)
            ? (host, number)
            : throw new ArgumentException($"The Redis server '{endpoint}' has an invalid port.", nameof(endpoint));
    }

    /// <summary>
    /// The one server of a caller's multiplexer, with the host and port the connector's
    /// configuration names it by. Cheap: endpoints and server type are what the multiplexer
    /// already knows.
    /// </summary>
    private static (EndPoint EndPoint, string Host, int Port) ServerOf(IConnectionMultiplexer multiplexer)
    {
        EndPoint[] endPoints = multiplexer.GetEndPoints();
        if (endPoints.Length != 1)
        {
            throw new ArgumentException(
                $"A RedisConnector on a caller's multiplexer needs exactly one Redis server, whose host and port its configuration names for other processes; " +
                $"the multiplexer has {(endPoints.Length == 0 ? "no endpoint" : $"{endPoints.Length} endpoints ({string.Join(", ", endPoints.Select(Show))})")}. " +
                "Pass a multiplexer configured with one standalone server.",
                nameof(multiplexer));
        }

        EndPoint endPoint = endPoints[0];
        (string host, int port) = endPoint switch
        {
            DnsEndPoint dns => (dns.Host, dns.Port),
            IPEndPoint ip => (ip.Address.ToString(), ip.Port),
            _ => throw new ArgumentException(
                $"The multiplexer's Redis server {Show(endPoint)} has no host and port, which a RedisConnector's configuration needs so that other processes reach it.",
                nameof(multiplexer)),
        };
        ServerType type = multiplexer.GetServer(endPoint).ServerType;
        if (type != ServerType.Standalone)
        {
            throw new ArgumentException(
                $"The multiplexer's Redis server {host}:{port} is a {type} server; a RedisConnector needs a standalone one " +
                "(its batches span keys of any hash slot, and its configuration names one host).",
                nameof(multiplexer));
        }

        return (endPoint, host, port);
    }

    private static string Show(EndPoint endPoint) => endPoint switch
    {
        DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        _ => endPoint.ToString() ?? endPoint.GetType().Name,
    };

    private static void Validate(RedisConnectorOptions options, string host, int port)
    {
        if (string.IsNullOrEmpty(options.KeyPrefix) || options.KeyPrefix.Length > MaxPrefixLength)
        {
            throw new ArgumentException(
                $"The key prefix of the Redis connector for {host}:{port} must have 1 to {MaxPrefixLength} characters: without one, clearing would reach every key of the database.",
                nameof(options));
        }

        if (StoreKey.IsPlainIdChar(options.KeyPrefix[^1]))
        {
            throw new ArgumentException(
                $"The key prefix '{options.KeyPrefix}' of the Redis connector for {host}:{port} must end with a separator such as ':', " +
                "so that no connector's keys look like another's whose prefix starts the same way.",
                nameof(options));
        }

        if (options.ValueFormat == ValueFormat.Python && (options.KeyPrefix != RedisConnectorOptions.DefaultKeyPrefix || options.Clear))
        {
            throw new ArgumentException(
                $"The Redis connector for {host}:{port} keeps Python ProxyStore's bare keys (ValueFormat.Python), so it takes no key prefix and cannot clear: " +
                "nothing tells its keys from the database's others. Leave KeyPrefix and Clear at their defaults, and evict what you put.",
                nameof(options));
        }

        if (options.Database < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Database, $"The Redis database index for {host}:{port} cannot be negative.");
        }

        if (options.Password is not null && options.PasswordEnvironmentVariable is not null)
        {
            throw new ArgumentException(
                $"The Redis connector for {host}:{port} takes a password or the name of an environment variable holding it, not both.", nameof(options));
        }

        if (options.ConnectTimeout <= TimeSpan.Zero || options.ConnectTimeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ConnectTimeout, $"The connect timeout for Redis at {host}:{port} must be positive and at most 10 minutes.");
        }

        if (options.OperationTimeout <= TimeSpan.Zero || options.OperationTimeout > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.OperationTimeout, $"The operation timeout for Redis at {host}:{port} must be positive and at most 1 hour.");
        }
    }

    private static string? ResolvePassword(RedisConnectorOptions options, string host, int port)
    {
        if (options.PasswordEnvironmentVariable is not { } variable)
        {
            return options.Password;
        }

        return Environment.GetEnvironmentVariable(variable) is { Length: > 0 } password
            ? password
            : throw new InvalidOperationException(
                $"The Redis connector for {host}:{port} reads its password from the environment variable '{variable}', which is not set in this process.");
    }


    private void ThrowIfClosed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _closed) == 1, this);

    /// <summary>Ends one <see cref="ISetNotifier.WatchSet"/>: only its handler goes, other waiters on the key stay subscribed.</summary>
    private sealed class SetWatch(ISubscriber subscriber, RedisChannel channel, Action<RedisChannel, RedisValue> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                // Fire and forget: the waiter is done either way, and a late message finds a handler
                // that only releases a semaphore nobody waits on.
                subscriber.Unsubscribe(channel, handler, CommandFlags.FireAndForget);
            }
        }
    }

    internal sealed record ConfigOptions(
        string Host,
        int Port,
        string? KeyPrefix,
        int Database,
        bool Clear,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? User,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Password,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PasswordEnvironmentVariable,
        bool Ssl,
        double? ConnectTimeoutMs,
        double? OperationTimeoutMs,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
        [property: JsonConverter(typeof(JsonStringEnumConverter<ValueFormat>))]
        ValueFormat ValueFormat = ValueFormat.ProxyStore);

    /// <summary>A validated host, port and options, with the password resolved: everything a connect needs.</summary>
    private sealed record ConnectPlan(string Host, int Port, RedisConnectorOptions Options, RedisConnections.Settings Settings, string? Password)
    {
        public static ConnectPlan Make(string host, int port, RedisConnectorOptions? options)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(host);
            if (port is < 1 or > 65535)
            {
                throw new ArgumentOutOfRangeException(nameof(port), port, $"The Redis port for host '{host}' must be between 1 and 65535.");
            }

            options ??= new RedisConnectorOptions();
            Validate(options, host, port);
            string? password = ResolvePassword(options, host, port);
            var settings = new RedisConnections.Settings(
                host,
                port,
                options.User,
                RedisConnections.Settings.Hash(password),
                options.Ssl,
                (int)Math.Ceiling(options.ConnectTimeout.TotalMilliseconds),
                (int)Math.Ceiling(options.OperationTimeout.TotalMilliseconds));
            return new ConnectPlan(host, port, options, settings, password);
        }

        // The password must not reach logs through a record's generated ToString.
        public override string ToString() => $"ConnectPlan {{ Host = {Host}, Port = {Port} }}";
    }
}

using System.Globalization;
using StackExchange.Redis;

namespace ProxyStore.Connectors;

public sealed partial class RedisConnector
{
    private static byte[]? ToBytes(RedisValue value) => value.IsNull ? null : (byte[]?)value ?? [];

    private static bool IsRedisFailure(Exception e) => e is RedisException or RedisTimeoutException or RedisCommandException;

    /// <summary>
    /// Undoes a write of new keys that failed after it may have been sent: a server that hung
    /// and runs the write once it resumes would otherwise keep objects nobody has a key to. A
    /// <c>DEL</c> queued after the write on the same connection runs after it. The keys are new
    /// random ids, so the delete touches nothing else. Returns why the delete could not be
    /// queued, or null.
    /// </summary>
    private Exception? Undo(RedisKey[] keys)
    {
        try
        {
            _database.KeyDelete(keys, CommandFlags.FireAndForget);
            return null;
        }
        catch (Exception e) when (IsRedisFailure(e) || e is ObjectDisposedException)
        {
            return e;
        }
    }

    /// <param name="operation">What failed, as in "could not {operation}".</param>
    /// <param name="key">The key of an operation on one object.</param>
    /// <param name="e">The client library's exception.</param>
    /// <param name="undoFailure">Why the delete that undoes a failed write could not be queued; the message then says the keys may be left behind.</param>
    private RedisConnectorException Failure(string operation, StoreKey? key, Exception e, Exception? undoFailure = null)
    {
        string leftBehind = undoFailure is null
            ? string.Empty
            : $" The delete that undoes the write could not be sent either ({FirstLine(undoFailure.Message)}), so what was written may stay under the prefix.";
        if (e is RedisTimeoutException)
        {
            // The calls after this one fail fast until the server answers again, rather than
            // each waiting out the whole timeout.
            _guard.ReportTimeout();
            return new RedisConnectorException(
                $"{Subject(operation, key)}: the server did not answer within {TimeoutInEffect}. " +
                "Calls to it fail at once until it answers again." + leftBehind,
                Host,
                Port,
                key?.ToString(),
                e)
            { IsTimeout = true };
        }

        return new RedisConnectorException($"{Subject(operation, key)}: {Describe(e)}{leftBehind}", Host, Port, key?.ToString(), e);
    }

    /// <summary>The timeout that applied: the caller's multiplexer keeps its own.</summary>
    private string TimeoutInEffect => _lease.IsBorrowed
        ? $"the timeout of the caller's multiplexer ({Format(TimeSpan.FromMilliseconds(_lease.Multiplexer.TimeoutMilliseconds))})"
        : $"the operation timeout of {Format(Options.OperationTimeout)}";

    private RedisConnectorException FailFast(string operation, StoreKey? key) => new(
        $"{Subject(operation, key)}: failing fast because an earlier call timed out; the connector is waiting for the server to answer again.",
        Host,
        Port,
        key?.ToString())
    { IsFailFast = true };

    private string Subject(string operation, StoreKey? key) =>
        $"Redis at {Host}:{Port} (database {Database}, key prefix '{KeyPrefix}') could not {(key is null ? operation : $"{operation} '{key}'")}";

    /// <summary>Whether an earlier call timed out and the server has not answered since.</summary>
    private bool IsWaitingForServer => _guard.IsWaitingForServer;

    private void ThrowIfWaitingForServer(string operation, StoreKey? key)
    {
        if (IsWaitingForServer)
        {
            throw FailFast(operation, key);
        }
    }

    /// <summary>
    /// A short reason for a failure. StackExchange.Redis's own messages are left to the inner
    /// exception: they run to many lines of diagnostics and advise settings (such as its own
    /// timeouts) that this connector does not take.
    /// </summary>
    internal static string Describe(Exception e) => e switch
    {
        RedisConnectionException { FailureType: ConnectionFailureType.AuthenticationFailure } =>
            "the server refused the login (check the user and password).",
        RedisConnectionException { FailureType: ConnectionFailureType.UnableToConnect or ConnectionFailureType.UnableToResolvePhysicalConnection } =>
            "no connection to the server: it is down, unreachable, or did not answer in time.",
        RedisConnectionException { FailureType: ConnectionFailureType.SocketFailure or ConnectionFailureType.SocketClosed } =>
            "the connection to the server broke; it is re-established in the background.",
        RedisConnectionException { FailureType: ConnectionFailureType.Loading } =>
            "the server is still loading its data set.",
        RedisConnectionException { FailureType: ConnectionFailureType.ConnectionDisposed } =>
            "the connection was closed.",
        RedisConnectionException c => $"the connection failed ({c.FailureType}).",
        RedisTimeoutException => "the server did not answer within the operation timeout.",

        // The server's own error reply (OOM, READONLY, NOAUTH, ...): short, and what to act on.
        RedisServerException => $"the server answered with an error: {FirstLine(e.Message)}",
        _ => FirstLine(e.Message),
    };

    private static string FirstLine(string text)
    {
        const int MaxLength = 200;
        int end = text.AsSpan().IndexOfAny('\r', '\n');
        string line = end < 0 ? text : text[..end];
        return line.Length <= MaxLength ? line : string.Concat(line.AsSpan(0, MaxLength), "...");
    }

    private static string Format(TimeSpan duration) =>
        duration.TotalMilliseconds < 1000 || duration.TotalMilliseconds % 1000 != 0
            ? $"{duration.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms"
            : $"{duration.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s";
}

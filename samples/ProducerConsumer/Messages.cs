using System.Text.Json;

namespace ProducerConsumer;

/// <summary>
/// What goes through the Redis list: the proxy reference of a job with what the consumer
/// should find behind it, or the end of the stream.
/// </summary>
/// <param name="Index">The job's index.</param>
/// <param name="Sum">The sum of its two matrices' values, as the producer computed it.</param>
/// <param name="Proxy">The job's proxy reference (ProxyReference.Serialize), a small JSON object.</param>
/// <param name="Done">Set on the last message, which carries the number of jobs sent in <paramref name="Index"/>.</param>
/// <param name="ProducerMetrics">On the last message: the producer's metrics (<c>MetricsReport.ToJson</c>), for the consumer to merge with its own.</param>
public sealed record QueueMessage(int Index, double Sum, JsonElement? Proxy, bool Done = false, string? ProducerMetrics = null);

/// <summary>
/// The last line each process prints, for tests and scripts: <c>summary: {json}</c>. The
/// consumer adds the counts of the merged producer and consumer metrics, and how many keys
/// have both their put (recorded by the producer) and their resolution (by the consumer).
/// </summary>
public sealed record Summary(
    string Role,
    int Count,
    int Verified,
    bool ProxiesResolvedHere,
    long KeysLeft,
    IReadOnlyDictionary<string, long> TimeCounts,
    IReadOnlyDictionary<string, long>? MergedTimeCounts = null,
    int MergedKeysWithPutAndResolve = 0)
{
    public const string Prefix = "summary: ";
}

namespace ProxyStore.Streams;

/// <summary>What a producer or consumer did on one topic so far, in this instance.</summary>
/// <param name="Sent">Objects the producer published (before aggregation); 0 on a consumer.</param>
/// <param name="Filtered">Objects this side's filter dropped.</param>
/// <param name="Batches">Event batches the producer published, or the consumer read.</param>
/// <param name="Received">Objects the consumer handed out; 0 on a producer.</param>
public readonly record struct StreamTopicCounters(long Sent, long Filtered, long Batches, long Received);

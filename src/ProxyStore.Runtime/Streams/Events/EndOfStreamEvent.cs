namespace ProxyStore.Streams;

/// <summary>The producer closed the topic: a consumer that reads this event ends its enumeration.</summary>
/// <param name="Topic">The topic that ended.</param>
public sealed record EndOfStreamEvent(string Topic) : StreamEvent(Topic);

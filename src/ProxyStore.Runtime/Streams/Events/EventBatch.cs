namespace ProxyStore.Streams;

/// <summary>
/// The events one flush of a topic publishes, in order: the unit a broker carries as one message.
/// Every event belongs to <see cref="Topic"/>.
/// </summary>
/// <param name="Topic">The topic of every event in the batch.</param>
/// <param name="Events">The events, oldest first.</param>
public sealed record EventBatch(string Topic, IReadOnlyList<StreamEvent> Events);

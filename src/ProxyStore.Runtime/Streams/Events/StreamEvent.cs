namespace ProxyStore.Streams;

/// <summary>
/// One event of a stream: a new object carried inline, a new object in a store, or the end
/// of the stream. Events travel in an <see cref="EventBatch"/> as versioned JSON
/// (<see cref="StreamEventJson"/>).
/// </summary>
/// <param name="Topic">The topic the event belongs to.</param>
public abstract record StreamEvent(string Topic);

namespace ProxyStore.Streams;

/// <summary>
/// A consumer's <c>Next</c> reached the end of the stream: the producer closed the topic, or the
/// broker ended the subscription. <c>await foreach</c> ends normally instead of throwing this.
/// </summary>
public sealed class StreamEndedException : ProxyStoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="topic">The topic that ended, or <see langword="null"/> when the broker ended the subscription.</param>
    public StreamEndedException(string? topic)
        : base(topic is null ? "The stream ended: the broker closed the subscription." : $"The stream ended: the producer closed topic '{topic}'.")
    {
        ExceptionData.Set(this, nameof(Topic), topic);
    }

    /// <summary>The topic that ended, or <see langword="null"/> when the broker ended the subscription.</summary>
    public string? Topic => ExceptionData.Get<string>(this, nameof(Topic));
}

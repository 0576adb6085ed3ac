namespace ProxyStore.Streams;

/// <summary>An object was sent to a topic the producer already closed with <c>CloseTopics</c>.</summary>
public sealed class TopicClosedException : ProxyStoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="topic">The closed topic.</param>
    public TopicClosedException(string topic)
        : base($"Topic '{topic}' has been closed; nothing more can be sent to it.")
    {
        ExceptionData.Set(this, nameof(Topic), topic);
    }

    /// <summary>The closed topic.</summary>
    public string Topic => ExceptionData.GetRequired(this, nameof(Topic));
}

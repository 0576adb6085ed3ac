namespace ProxyStore.Streams;

/// <summary>
/// A stream message has a newer format version than this build reads: the producer runs a
/// newer ProxyStore than the consumer. Update the consumer; nothing of the message was used.
/// </summary>
public sealed class StreamEventVersionException : StreamEventFormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="version">The version of the message.</param>
    /// <param name="topic">The topic of the message.</param>
    public StreamEventVersionException(int version, string topic)
        : base($"A stream message of topic '{topic}' has event format version {version}, newer than version {StreamEventJson.Version}, " +
            "the newest this consumer reads. The producer runs a newer ProxyStore: update the consumer.")
    {
        ExceptionData.Set(this, nameof(Version), version);
        ExceptionData.Set(this, nameof(Topic), topic);
    }

    /// <summary>The version of the message.</summary>
    public int Version => ExceptionData.Get<int>(this, nameof(Version));

    /// <summary>The topic of the message.</summary>
    public string Topic => ExceptionData.GetRequired(this, nameof(Topic));
}

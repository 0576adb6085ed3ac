namespace ProxyStore.Streams;

/// <summary>A stream message is not an event batch this build can read; the message says what is wrong and names the topic where known.</summary>
public class StreamEventFormatException : ProxyStoreException
{
    /// <summary>Creates the exception.</summary>
    public StreamEventFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the error that caused it.</summary>
    public StreamEventFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

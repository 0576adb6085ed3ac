namespace ProxyStore;

/// <summary>
/// The producer of a future failed: it called <see cref="StoreFuture{T}.SetException"/>
/// instead of setting a value. Every reader of the future's key (its <c>Result</c>, its proxies,
/// a plain get, in any process) gets this exception, carrying the producer's exception type
/// and message; the producer's stack trace stays in the producer's process.
/// </summary>
public sealed class StoreFutureException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreFutureException(StoreKey key, string storeName, string producerExceptionType, string producerMessage)
        : base($"The future '{key}' in store '{storeName}' failed in its producer with {producerExceptionType}: {producerMessage}")
    {
        Key = key;
        StoreName = storeName;
        ProducerExceptionType = producerExceptionType;
        ProducerMessage = producerMessage;
    }

    /// <summary>The future's key.</summary>
    public StoreKey Key { get; }

    /// <summary>The store that read the failure.</summary>
    public string StoreName { get; }

    /// <summary>The full name of the producer's exception type.</summary>
    public string ProducerExceptionType { get; }

    /// <summary>The producer's exception message.</summary>
    public string ProducerMessage { get; }
}

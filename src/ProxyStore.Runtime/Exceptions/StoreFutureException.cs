using ProxyStore.Serialization;

namespace ProxyStore;

/// <summary>
/// The producer of a future failed: it called <see cref="StoreFuture{T}.SetException"/>
/// instead of setting a value. Every reader of the future's key (its <c>Result</c>, its proxies,
/// a plain get, in any process) gets this exception, carrying the producer's exception type
/// and message; the producer's stack trace stays in the producer's process. The exception's own
/// message quotes them made printable (they were read from stored bytes); the properties hold
/// them as stored.
/// </summary>
public sealed class StoreFutureException : ProxyStoreException
{
    /// <summary>Creates the exception.</summary>
    public StoreFutureException(StoreKey key, string storeName, string producerExceptionType, string producerMessage)
        : base($"The future '{key}' in store '{storeName}' failed in its producer with {StoredText.Printable(producerExceptionType)}: {StoredText.Printable(producerMessage, MaxQuotedMessage)}")
    {
        ExceptionData.SetKey(this, nameof(Key), key);
        ExceptionData.Set(this, nameof(StoreName), storeName);
        ExceptionData.Set(this, nameof(ProducerExceptionType), producerExceptionType);
        ExceptionData.Set(this, nameof(ProducerMessage), producerMessage);
    }

    private const int MaxQuotedMessage = 1000;

    /// <summary>The future's key.</summary>
    public StoreKey Key => ExceptionData.GetKey(this, nameof(Key));

    /// <summary>The store that read the failure.</summary>
    public string StoreName => ExceptionData.GetRequired(this, nameof(StoreName));

    /// <summary>The full name of the producer's exception type.</summary>
    public string ProducerExceptionType => ExceptionData.GetRequired(this, nameof(ProducerExceptionType));

    /// <summary>The producer's exception message.</summary>
    public string ProducerMessage => ExceptionData.GetRequired(this, nameof(ProducerMessage));
}

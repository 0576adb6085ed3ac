using System.Text.Json;
using System.Text.Json.Serialization;
using ProxyStore.Serialization;
using ProxyStore.Serialization.Json;

namespace ProxyStore;

/// <summary>What a future's producer stores instead of a value when it fails: its exception's type and message.</summary>
internal sealed record FutureFailure(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("message")] string Message)
{
    /// <summary>The failure of <paramref name="exception"/>.</summary>
    public static FutureFailure Of(Exception exception) => new(exception.GetType().FullName ?? exception.GetType().Name, exception.Message);

    /// <summary>The exception a reader of a failure frame's <paramref name="payload"/> throws.</summary>
    public static Exception Read(ReadOnlySpan<byte> payload, string storeName, StoreKey key)
    {
        FutureFailure? failure;
        try
        {
            failure = JsonSerializer.Deserialize(payload, RuntimeJsonContext.Default.FutureFailure);
        }
        catch (JsonException e)
        {
            return new StoreSerializationException(
                $"The object '{key}' in store '{storeName}' is damaged and is not returned: it is flagged as a future's failure but does not hold one: {StoredText.Printable(e.Message)}",
                StoredText.Cause(e));
        }

        return failure is { Type: not null, Message: not null }
            ? new StoreFutureException(key, storeName, failure.Type, failure.Message)
            : new StoreSerializationException($"The object '{key}' in store '{storeName}' is damaged and is not returned: it is flagged as a future's failure but does not hold one.");
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProxyStore;

/// <summary>
/// Writes a proxy of <typeparamref name="T"/> as its compact <see cref="ProxyReference"/>
/// (without resolving it) and reads one back as an unresolved proxy. Apply it to a
/// property with <c>[JsonConverter(typeof(ProxyJsonConverter&lt;T&gt;))]</c> or add it to
/// <see cref="JsonSerializerOptions.Converters"/>.
/// </summary>
/// <typeparam name="T">The proxied type.</typeparam>
public sealed class ProxyJsonConverter<T> : JsonConverter<T>
    where T : class
{
    /// <inheritdoc />
    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : ProxyReference.Read<T>(ref reader);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        if (value is not IProxy)
        {
            throw new JsonException($"ProxyJsonConverter<{typeof(T).Name}> writes proxies only; got a {value.GetType().FullName}. Use store.Proxy<{typeof(T).Name}>(obj) first.");
        }

        ProxyReference.Write(writer, value);
    }
}

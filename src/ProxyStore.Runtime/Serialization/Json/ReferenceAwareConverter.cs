using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProxyStore.Serialization.Json;

/// <summary>
/// Writes a value in an open position of a graph so that it comes back exactly: a proxy as
/// its reference (never resolving it), a value of exactly the declared type as it is, and
/// any other value with the name of its concrete type. Reading materializes only types
/// assignable to the declared one.
/// </summary>
/// <remarks>
/// Shapes: a proxy is <c>{"$proxy": "Type, Assembly", "$ref": {...}}</c>, a value of another
/// type is <c>{"$type": "Type, Assembly", "$value": ...}</c>, and a value of the declared
/// type is written plainly.
/// </remarks>
internal sealed class ReferenceAwareConverter<T>(JsonGraph graph) : JsonConverter<T>
    where T : class
{
    private static readonly JsonEncodedText ProxyName = JsonEncodedText.Encode("$proxy");
    private static readonly JsonEncodedText ReferenceName = JsonEncodedText.Encode("$ref");
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("$type");
    private static readonly JsonEncodedText ValueName = JsonEncodedText.Encode("$value");

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        if (value is IProxy proxy)
        {
            WriteProxy(writer, proxy);
            return;
        }

        Type type = value.GetType();
        graph.Contract.Ensure(type);
        if (type == typeof(T))
        {
            JsonSerializer.Serialize(writer, value, graph.ExactTypeInfo(type));
            return;
        }

        // A collection that cannot be created again is read back as a stand-in with the same
        // elements, if the declared type takes one.
        Type stored = graph.StoredTypeOf(type) is { } standIn && typeof(T).IsAssignableFrom(standIn)
            ? standIn
            : throw new StoreSerializationException(
                $"A {type.FullName} in a position declared as {typeof(T).FullName} cannot be read back: System.Text.Json cannot create it, " +
                $"and no List, HashSet or Dictionary with its elements is a {typeof(T).Name}. Store a List<T>, HashSet<T> or Dictionary<TKey, TValue> there instead.");

        // What would be refused on the way back is refused now, before anything is stored.
        if (!CreatableTypes.IsCreatable(stored, typeof(T)))
        {
            throw new StoreSerializationException(
                $"A {stored.FullName} in a position declared as {typeof(T).FullName} would not be read back: stored bytes create only types the " +
                $"application declared storable. Mark {stored.Name} [ProxyStore.Storable] (or [JsonDerivedType(typeof({stored.Name}))] on {typeof(T).Name}), " +
                $"or call StorableTypes.Allow(typeof({stored.Name})).");
        }
        writer.WriteStartObject();
        writer.WriteString(TypeName, SerializerTypes.NameOf(stored));
        writer.WritePropertyName(ValueName);
        JsonSerializer.Serialize(writer, value, graph.ExactTypeInfo(type));
        writer.WriteEndObject();
    }

    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            Utf8JsonReader peek = reader;
            if (peek.Read() && peek.TokenType == JsonTokenType.PropertyName)
            {
                if (peek.ValueTextEquals(ProxyName.EncodedUtf8Bytes))
                {
                    return ReadProxy(ref reader);
                }

                if (peek.ValueTextEquals(TypeName.EncodedUtf8Bytes))
                {
                    return ReadTyped(ref reader);
                }
            }
        }

        if (typeof(T).IsInterface || typeof(T).IsAbstract || typeof(T) == typeof(object))
        {
            throw new JsonException($"A value declared as {typeof(T).FullName} was stored without its concrete type; it was not written by this serializer.");
        }

        return (T?)JsonSerializer.Deserialize(ref reader, graph.ExactTypeInfo(typeof(T)));
    }

    private static void WriteProxy(Utf8JsonWriter writer, IProxy proxy)
    {
        if (proxy.Factory is not IStoreFactory factory)
        {
            throw new StoreSerializationException(
                $"A proxy of {proxy.Factory.TargetType.FullName} inside the object cannot be stored: its factory, a {proxy.Factory.GetType().FullName}, " +
                "is not a store factory, so the proxy has no reference to store. Store the object itself, or a proxy made by a Store.");
        }

        writer.WriteStartObject();
        writer.WriteString(ProxyName, SerializerTypes.NameOf(factory.TargetType));
        writer.WritePropertyName(ReferenceName);
        ProxyReference.Write(writer, proxy);
        writer.WriteEndObject();
    }

    private static T ReadProxy(ref Utf8JsonReader reader)
    {
        Type proxied = ReadTypeName(ref reader, ProxyName, "proxy");
        if (!proxied.IsClass && !proxied.IsInterface)
        {
            throw new JsonException($"The stored proxy is of {proxied.FullName}, which is not a class or interface.");
        }

        CreatableTypes.CheckProxied(proxied, typeof(T));

        ExpectProperty(ref reader, ReferenceName);
        reader.Read();
        object proxy = ProxyReference.Read(ref reader, proxied);
        ExpectEnd(ref reader);
        return (T)proxy;
    }

    private T? ReadTyped(ref Utf8JsonReader reader)
    {
        Type type = ReadTypeName(ref reader, TypeName, "value");
        CreatableTypes.Check(type, typeof(T), "A stored member");
        ExpectProperty(ref reader, ValueName);
        reader.Read();
        object? value = JsonSerializer.Deserialize(ref reader, graph.ExactTypeInfo(type));
        ExpectEnd(ref reader);
        return (T?)value;
    }

    /// <summary>Reads <c>"name": "Type, Assembly"</c> and resolves it, refusing types that are not a <typeparamref name="T"/>.</summary>
    private static Type ReadTypeName(ref Utf8JsonReader reader, JsonEncodedText name, string what)
    {
        ExpectProperty(ref reader, name);
        if (!reader.Read() || reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"The stored {what} has no type name.");
        }

        string typeName = reader.GetString()!;
        Type type = SerializerTypes.Resolve(typeName)
            ?? throw new StoreSerializationException(
                $"The stored {what}'s type '{StoredText.Printable(typeName)}' is not among this application's assemblies; nothing was loaded.");

        // Only what the declared type allows is ever created, whatever the bytes say.
        if (!typeof(T).IsAssignableFrom(type))
        {
            throw new InvalidCastException($"The stored {what} is a {type.FullName}, which is not a {typeof(T).FullName}.");
        }

        return type;
    }

    private static void ExpectProperty(ref Utf8JsonReader reader, JsonEncodedText name)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals(name.EncodedUtf8Bytes))
        {
            throw new JsonException($"Expected the property '{name}' of a stored proxy or typed value.");
        }
    }

    private static void ExpectEnd(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException("A stored proxy or typed value has properties beyond its two.");
        }
    }
}

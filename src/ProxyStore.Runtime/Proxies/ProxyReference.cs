using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ProxyStore.Connectors;
using ProxyStore.Serialization;
using ProxyStore.Serialization.Json;

namespace ProxyStore;

/// <summary>
/// The compact form in which a proxy crosses a process boundary: its factory's key and
/// store configuration, never the target. A receiving process turns it back into an
/// unresolved proxy that resolves through its own <see cref="StoreRegistry"/>.
/// </summary>
public static class ProxyReference
{
    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault, TypeInfoResolver = RuntimeJsonContext.Default };

    private static readonly JsonTypeInfo<Wire> WireInfo = RuntimeJsonContext.Info<Wire>(Options);

    /// <summary>The reference of <paramref name="proxy"/> as UTF-8 JSON; does not resolve the proxy.</summary>
    /// <exception cref="ArgumentException"><paramref name="proxy"/> is not a proxy of a store.</exception>
    /// <remarks>Signed with the process's reference key when it holds one (see <see cref="ReferenceKeys"/>).</remarks>
    public static byte[] Serialize(object proxy) => SignedReference.Sign(JsonSerializer.SerializeToUtf8Bytes(ToWire(proxy), WireInfo));

    /// <summary>An unresolved proxy of <typeparamref name="T"/> from a reference made by <see cref="Serialize"/>.</summary>
    /// <exception cref="JsonException"><paramref name="reference"/> is not a proxy reference.</exception>
    /// <exception cref="ReferenceSignatureException">Its signature is missing or does not check (see <see cref="ReferenceKeys"/>).</exception>
    public static T Deserialize<T>(ReadOnlySpan<byte> reference)
        where T : class => FromWire<T>(ReadWire(reference));

    /// <summary>An unresolved proxy of <paramref name="proxiedType"/> from a reference made by <see cref="Serialize"/>.</summary>
    /// <exception cref="JsonException"><paramref name="reference"/> is not a proxy reference.</exception>
    /// <exception cref="ArgumentException"><paramref name="proxiedType"/> is not a class or interface.</exception>
    /// <exception cref="ReferenceSignatureException">Its signature is missing or does not check (see <see cref="ReferenceKeys"/>).</exception>
    public static object Deserialize(ReadOnlySpan<byte> reference, Type proxiedType)
    {
        ArgumentNullException.ThrowIfNull(proxiedType);
        if (proxiedType.IsValueType || proxiedType.ContainsGenericParameters)
        {
            throw new ArgumentException($"Proxies are of classes and interfaces; {proxiedType.FullName} is not one.", nameof(proxiedType));
        }

        Func<byte[], object> read = ReadersByType.GetOrAdd(proxiedType, static type =>
            typeof(ProxyReference).GetMethod(nameof(ReadAs), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(type)
                .CreateDelegate<Func<byte[], object>>());
        return read(reference.ToArray());
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Func<byte[], object>> ReadersByType = new();

    private static object ReadAs<T>(byte[] reference)
        where T : class => Deserialize<T>(reference);

    internal static void Write(Utf8JsonWriter writer, object proxy)
    {
        if (ReferenceKeys.Process.Signing is { } key)
        {
            SignedReference.Write(writer, JsonSerializer.SerializeToUtf8Bytes(ToWire(proxy), WireInfo), key);
        }
        else
        {
            JsonSerializer.Serialize(writer, ToWire(proxy), WireInfo);
        }
    }

    internal static T Read<T>(ref Utf8JsonReader reader)
        where T : class => FromWire<T>(ReadWire(ref reader));

    /// <summary>The reference in <paramref name="json"/>, its signature checked first when one is required or present.</summary>
    private static Wire ReadWire(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(SignedReference.Open(json), WireInfo) ?? throw new JsonException("A proxy reference cannot be null.");

    /// <summary>The reference the reader is at, inside a larger JSON document, its signature checked first when one is required or present.</summary>
    private static Wire ReadWire(ref Utf8JsonReader reader)
    {
        Utf8JsonReader peek = reader;
        if (!ReferenceKeys.Enabled && !SignedReference.IsSigned(ref peek))
        {
            return JsonSerializer.Deserialize(ref reader, WireInfo) ?? throw new JsonException("A proxy reference cannot be null.");
        }

        // The signature covers exact bytes, so the value is taken as it was written.
        using JsonDocument document = JsonDocument.ParseValue(ref reader);
        return ReadWire(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(document.RootElement));
    }

    /// <summary>Reads a reference written by <see cref="Write"/> as an unresolved proxy of <paramref name="proxiedType"/>.</summary>
    internal static object Read(ref Utf8JsonReader reader, Type proxiedType)
    {
        Wire wire = ReadWire(ref reader);
        Func<Wire, object> create = FromWireByType.GetOrAdd(proxiedType, static type =>
            typeof(ProxyReference).GetMethod(nameof(FromWireAsObject), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(type)
                .CreateDelegate<Func<Wire, object>>());
        return create(wire);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Func<Wire, object>> FromWireByType = new();

    private static object FromWireAsObject<T>(Wire wire)
        where T : class => FromWire<T>(wire);

    /// <summary>The reference of a proxy that <paramref name="factory"/> would serve, without making the proxy.</summary>
    internal static byte[] SerializeFactory(IStoreFactory factory) => SignedReference.Sign(JsonSerializer.SerializeToUtf8Bytes(ToWire(factory), WireInfo));

    /// <summary>The polling factory of a future's reference, without making a proxy (so for any <typeparamref name="T"/>).</summary>
    /// <exception cref="JsonException"><paramref name="reference"/> is not the reference of a future.</exception>
    internal static PollingStoreFactory<T> DeserializeFutureFactory<T>(ReadOnlySpan<byte> reference)
        where T : class
    {
        Wire wire = ReadWire(reference);
        if (wire.Polling is not { } polling)
        {
            throw new JsonException($"The reference of '{wire.Key}' in store '{wire.Store}' is a plain proxy's, not a future's: it has no polling options.");
        }

        return new PollingStoreFactory<T>(new StoreKey(wire.Key, wire.KeyConnector), ConfigOf(wire), wire.Evict, polling.ToOptions()) { TraceParent = wire.TraceParent };
    }

    private static Wire ToWire(object proxy)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        if (proxy is not IProxy { Factory: IStoreFactory factory })
        {
            throw new ArgumentException($"A {proxy.GetType().FullName} is not a proxy of a store, so it has no reference.", nameof(proxy));
        }

        // An owner's or a borrow's value carries its kind, and sending it makes the sender's copy invalid.
        ReferenceKind? kind = ReferenceTransfer.Send(proxy);
        return ToWire(factory) with { Reference = kind is { } k ? KindNames[(int)k] : null };
    }

    private static Wire ToWire(IStoreFactory factory)
    {
        StoreConfig config = factory.StoreConfig;
        return new Wire(
            factory.Key.Id,
            factory.Key.Connector,
            config.Name,
            config.Connector.Kind,
            config.Connector.Options,
            config.Serializer,
            config.CacheSize == Store.DefaultCacheSize ? null : config.CacheSize,
            config.CacheBytes == Store.DefaultCacheBytes ? null : config.CacheBytes,
            config.Metrics,
            config.PopulateTarget,
            config.Register,
            factory.Evict,
            factory.TraceParent,
            factory is IPollingStoreFactory polling ? PollingWire.From(polling.Polling) : null)
        {
            NoCache = factory.Cache ? null : true,
        };
    }

    private static T FromWire<T>(Wire wire)
        where T : class
    {
        StoreConfig config = ConfigOf(wire);
        ProxyBuilder.EnsureProxiable<T>();
        var key = new StoreKey(wire.Key, wire.KeyConnector);
        ReferenceKind? kind = wire.Reference is null ? null : KindOf(wire.Reference);

        // A future's proxy must wait for its value in the receiving process too, as its sender said.
        T proxy = wire.Polling is { } polling
            ? ProxyBuilder.Create(new PollingStoreFactory<T>(key, config, wire.Evict, polling.ToOptions()) { TraceParent = wire.TraceParent })
            : ProxyBuilder.Create(new StoreFactory<T>(key, config, wire.Evict) { TraceParent = wire.TraceParent, Cache = wire.NoCache != true });
        if (kind is { } k)
        {
            Ownership.Receive(proxy, k, key, config.Name);
        }

        return proxy;
    }

    // Indexed by ReferenceKind.
    private static readonly string[] KindNames = ["owned", "ref", "refmut"];

    private static ReferenceKind KindOf(string name) => Array.IndexOf(KindNames, name) is int i and >= 0
        ? (ReferenceKind)i
        : throw new JsonException($"A proxy reference's kind (rk) is '{StoredText.Printable(name)}'; it must be one of {string.Join(", ", KindNames)}.");

    private static StoreConfig ConfigOf(Wire wire)
    {
        if (string.IsNullOrEmpty(wire.Key) || string.IsNullOrEmpty(wire.Store) || string.IsNullOrEmpty(wire.Kind)
            || wire.Options.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("A proxy reference needs a key (k), a store name (s), a connector kind (ck) and connector options (co, an object).");
        }

        // Its key and store name go into every message about the proxy; a reference that would put
        // line breaks or terminal escapes there was damaged or forged.
        if (!StoredText.IsPrintable(wire.Key) || !StoredText.IsPrintable(wire.Store) || (wire.KeyConnector is { } connector && !StoredText.IsPrintable(connector)))
        {
            throw new JsonException("A proxy reference's key (k, kc) or store name (s) holds characters that are not printable text: it was damaged or forged.");
        }

        return new StoreConfig
        {
            Name = wire.Store,
            Connector = new ConnectorConfig(wire.Kind, wire.Options),
            Serializer = wire.Serializer,
            CacheSize = wire.CacheSize ?? Store.DefaultCacheSize,
            CacheBytes = wire.CacheBytes ?? Store.DefaultCacheBytes,
            Metrics = wire.Metrics,
            PopulateTarget = wire.PopulateTarget,
            Register = wire.Register,
        };
    }

    // Short names keep a reference small whatever the size of its target.
    internal sealed record Wire(
        [property: JsonPropertyName("k")] string Key,
        [property: JsonPropertyName("kc")] string? KeyConnector,
        [property: JsonPropertyName("s")] string Store,
        [property: JsonPropertyName("ck")] string Kind,
        [property: JsonPropertyName("co")] JsonElement Options,
        [property: JsonPropertyName("sz")] string? Serializer,
        [property: JsonPropertyName("cs")] int? CacheSize,
        [property: JsonPropertyName("cb")] long? CacheBytes,
        [property: JsonPropertyName("m")] bool Metrics,
        [property: JsonPropertyName("pt")] bool PopulateTarget,
        [property: JsonPropertyName("r")] bool Register,
        [property: JsonPropertyName("e")] bool Evict,
        [property: JsonPropertyName("tp")] string? TraceParent,
        [property: JsonPropertyName("po")] PollingWire? Polling = null,
        [property: JsonPropertyName("rk")] string? Reference = null)
    {
        /// <summary>Set (true) when resolving skips the cache; absent otherwise, so most references do not grow.</summary>
        [JsonPropertyName("nc")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public bool? NoCache { get; init; }
    }

    // The polling options of a future's proxy; absent for plain proxies. Durations in ms.
    internal sealed record PollingWire(
        [property: JsonPropertyName("i")] double Interval,
        [property: JsonPropertyName("b")] double BackoffFactor,
        [property: JsonPropertyName("l")] double? IntervalLimit,
        [property: JsonPropertyName("t")] double? Timeout)
    {
        public static PollingWire From(PollingOptions options) => new(
            options.Interval.TotalMilliseconds,
            options.BackoffFactor,
            options.IntervalLimit?.TotalMilliseconds,
            options.Timeout?.TotalMilliseconds);

        public PollingOptions ToOptions() => new()
        {
            Interval = TimeSpan.FromMilliseconds(Interval),
            BackoffFactor = BackoffFactor,
            IntervalLimit = IntervalLimit is double limit ? TimeSpan.FromMilliseconds(limit) : null,
            Timeout = Timeout is double timeout ? TimeSpan.FromMilliseconds(timeout) : null,
        };
    }
}

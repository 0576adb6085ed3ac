using System.Text.Json;
using System.Text.Json.Nodes;
using ProxyStore.Connectors;
using ProxyStore.Serialization;
using ProxyStore.Serialization.Json;

namespace ProxyStore;

/// <summary>
/// A reference that this library and Python ProxyStore both read and write (with
/// <c>python/proxystore_dotnet.py</c>): the store's config as Python dumps it and the key, in
/// neutral JSON. A .NET process turns one made in Python into a lazy proxy; Python turns one made
/// here into a Python proxy. Only stores in <see cref="ValueFormat.Python"/> on a file directory
/// or a Redis server (database 0, no credentials or TLS, which Python's connectors lack) cross.
/// </summary>
/// <remarks>
/// <para>The JSON is <c>{"format": "proxystore-reference/1", "store": {"name", "connector":
/// {"kind", "options"}}, "key": {"filename"} or {"redis_key"}, "evict"}</c>. A reference never
/// asks the receiver to clear anything: <c>clear</c> is written false and ignored when read.</para>
/// <para>The trust rules of <see cref="ProxyReference"/> hold: signed with the process's reference
/// key when it holds one (Python signs and checks with the same key, from
/// <c>PROXYSTORE_REFERENCE_KEY</c>), refused unsigned when it does; a store name is one store
/// (<see cref="StoreMismatchException"/>); a key is a plain id, never a path.</para>
/// <para>Ownership, lifetimes, futures and metrics stay per language: an owned or borrowed
/// proxy and a future have no Python reference.</para>
/// </remarks>
public static class PythonReference
{
    /// <summary>The value of the reference's <c>format</c> field.</summary>
    public const string Format = "proxystore-reference/1";

    private const string PythonFileKind = "proxystore.connectors.file.FileConnector";
    private const string PythonRedisKind = "proxystore.connectors.redis.RedisConnector";
    private const string RedisKind = "redis";

    /// <summary>The neutral reference of <paramref name="proxy"/> as UTF-8 JSON; does not resolve the proxy.</summary>
    /// <param name="proxy">A proxy of a store in <see cref="ValueFormat.Python"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="proxy"/> is not a plain proxy of such a store; the message says what it is.</exception>
    public static byte[] Serialize(object proxy)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        if (proxy is not IProxy { Factory: IStoreFactory factory })
        {
            throw new ArgumentException($"A {proxy.GetType().FullName} is not a proxy of a store, so it has no reference.", nameof(proxy));
        }

        string store = factory.StoreConfig.Name;
        if (factory is IPollingStoreFactory || Ownership.IsOwned(proxy) || Ownership.IsBorrowed(proxy) || Ownership.IsReceivedOwner(proxy))
        {
            throw new ArgumentException(
                $"The proxy of '{factory.Key}' in store '{store}' is a future, an owner or a borrow: ownership, lifetimes and futures stay " +
                "in this library, so it has no Python reference. Send a plain proxy (Store.Proxy or ProxyFromKey).",
                nameof(proxy));
        }

        (JsonObject connector, string keyName) = ToPython(factory.StoreConfig.Connector, store);
        var reference = new JsonObject
        {
            ["format"] = Format,
            ["store"] = new JsonObject { ["name"] = store, ["connector"] = connector },
            ["key"] = new JsonObject { [keyName] = factory.Key.Id },
            ["evict"] = factory.Evict,
        };
        return SignedReference.Sign(JsonSerializer.SerializeToUtf8Bytes(reference, RuntimeJsonContext.Default.JsonObject));
    }

    /// <summary>An unresolved proxy of <typeparamref name="T"/> from a neutral reference, made here or by Python.</summary>
    /// <typeparam name="T">The proxied type; the value Python stored must be one (a numpy array is a <c>T[]</c>, so an <c>IReadOnlyList&lt;T&gt;</c>).</typeparam>
    /// <param name="reference">The reference's UTF-8 JSON.</param>
    /// <exception cref="JsonException"><paramref name="reference"/> is not a neutral reference, or names what does not cross; the message says which field.</exception>
    /// <exception cref="ReferenceSignatureException">Its signature is missing or does not check (see <see cref="ReferenceKeys"/>).</exception>
    public static T Deserialize<T>(ReadOnlySpan<byte> reference)
        where T : class
    {
        JsonObject root = JsonNode.Parse(SignedReference.Open(reference)) as JsonObject
            ?? throw new JsonException("A Python reference is a JSON object.");
        if (Text(root, "format") != Format)
        {
            throw new JsonException($"A Python reference has \"format\": \"{Format}\"; this one has {Shown(root["format"])}.");
        }

        JsonObject store = root["store"] as JsonObject ?? throw new JsonException("A Python reference needs a \"store\" object.");
        string name = Text(store, "name") ?? throw new JsonException("A Python reference's store needs a \"name\".");
        JsonObject connector = store["connector"] as JsonObject ?? throw new JsonException($"The Python reference to store '{Printable(name)}' needs a \"connector\" object.");
        JsonObject options = connector["options"] as JsonObject ?? throw new JsonException($"The Python reference to store '{Printable(name)}' needs connector \"options\".");
        JsonObject key = root["key"] as JsonObject ?? throw new JsonException($"The Python reference to store '{Printable(name)}' needs a \"key\" object.");
        if (!StoredText.IsPrintable(name))
        {
            throw new JsonException("A Python reference's store name holds characters that are not printable text: it was damaged or forged.");
        }

        (ConnectorConfig config, string keyName) = FromPython(Text(connector, "kind"), options, name);
        string id = Text(key, keyName) ?? throw new JsonException($"The Python reference to store '{name}' needs the key field \"{keyName}\".");
        if (!StoreKey.IsPlainId(id))
        {
            // A file name such as "../x" would reach outside the store's directory.
            throw new JsonException($"The key in the Python reference to store '{name}' is not a plain id (letters, digits, '-' and '_'): {Shown(key[keyName])}.");
        }

        bool evict = root["evict"] is JsonValue e && e.GetValueKind() == JsonValueKind.True;
        ProxyBuilder.EnsureProxiable<T>();
        return ProxyBuilder.Create(new StoreFactory<T>(new StoreKey(id), new StoreConfig { Name = name, Connector = config }, evict));
    }

    private static (JsonObject Connector, string KeyName) ToPython(ConnectorConfig config, string store)
    {
        JsonElement options = config.Options;
        if (string.Equals(config.Kind, FileConnector.KindName, StringComparison.OrdinalIgnoreCase))
        {
            FileConnector.Options file = ConnectorConfig.ReadOptions<FileConnector.Options>(config.Kind, options);
            RequirePython(file.ValueFormat, store);
            return (Connector(PythonFileKind, new JsonObject { ["store_dir"] = file.StoreDirectory, ["clear"] = false }), "filename");
        }

        if (string.Equals(config.Kind, RedisKind, StringComparison.OrdinalIgnoreCase))
        {
            RequirePython(Enum.TryParse(String(options, "valueFormat"), ignoreCase: true, out ValueFormat format) ? format : ValueFormat.ProxyStore, store);
            string? unsupported = options.TryGetProperty("database", out JsonElement db) && db.ValueKind == JsonValueKind.Number && db.GetInt32() != 0 ? "a database other than 0"
                : String(options, "user") is not null || String(options, "password") is not null || String(options, "passwordEnvironmentVariable") is not null ? "a user or password"
                : options.TryGetProperty("ssl", out JsonElement ssl) && ssl.ValueKind == JsonValueKind.True ? "TLS"
                : null;
            if (unsupported is not null)
            {
                throw new ArgumentException($"Store '{store}' reaches Redis with {unsupported}, which Python ProxyStore's RedisConnector cannot: its proxies have no Python reference.", "proxy");
            }

            var redis = new JsonObject { ["hostname"] = String(options, "host"), ["port"] = options.GetProperty("port").GetInt32(), ["clear"] = false };
            return (Connector(PythonRedisKind, redis), "redis_key");
        }

        throw new ArgumentException(
            $"Store '{store}' has a '{config.Kind}' connector; only file and Redis stores in ValueFormat.Python are shared with Python ProxyStore.", "proxy");
    }

    private static (ConnectorConfig Config, string KeyName) FromPython(string? kind, JsonObject options, string store)
    {
        if (IsKind(kind, PythonFileKind))
        {
            string directory = Text(options, "store_dir") ?? throw new JsonException($"The Python reference to store '{store}' names a FileConnector without \"store_dir\".");
            return (ConnectorConfig.OfBuiltIn(FileConnector.KindName, new FileConnector.Options(directory, Clear: false, ValueFormat: ValueFormat.Python)), "filename");
        }

        if (IsKind(kind, PythonRedisKind))
        {
            string host = Text(options, "hostname") ?? throw new JsonException($"The Python reference to store '{store}' names a RedisConnector without \"hostname\".");
            int port = options["port"] is JsonValue p && p.TryGetValue(out int value) && value is > 0 and < 65536
                ? value
                : throw new JsonException($"The Python reference to store '{store}' names a RedisConnector without a valid \"port\": {Shown(options["port"])}.");
            var redis = new JsonObject
            {
                ["host"] = host,
                ["port"] = port,
                ["database"] = 0,
                ["clear"] = false,
                ["ssl"] = false,
                ["valueFormat"] = nameof(ValueFormat.Python),
            };
            return (new ConnectorConfig(RedisKind, JsonSerializer.SerializeToElement(redis, RuntimeJsonContext.Default.JsonObject)), "redis_key");
        }

        throw new JsonException(
            $"The Python reference to store '{store}' names the connector {(kind is null ? "(none)" : $"'{Printable(kind)}'")}; only Python ProxyStore's FileConnector and RedisConnector are shared.");
    }

    // Python accepts a connector's full path, its class name, or the class name without "Connector".
    private static bool IsKind(string? kind, string path)
    {
        if (kind is null)
        {
            return false;
        }

        string type = path[(path.LastIndexOf('.') + 1)..];
        return kind == path || string.Equals(kind, type, StringComparison.OrdinalIgnoreCase)
            || string.Equals(kind, type[..^"Connector".Length], StringComparison.OrdinalIgnoreCase);
    }

    private static JsonObject Connector(string kind, JsonObject options) => new() { ["kind"] = kind, ["options"] = options };

    private static void RequirePython(ValueFormat format, string store)
    {
        if (format != ValueFormat.Python)
        {
            throw new ArgumentException(
                $"Store '{store}' keeps values in this library's format, which Python ProxyStore cannot read: only stores in ValueFormat.Python have Python references.",
                "proxy");
        }
    }

    private static string? Text(JsonObject node, string name) =>
        node[name] is JsonValue value && value.TryGetValue(out string? text) && !string.IsNullOrEmpty(text) ? text : null;

    private static string? String(JsonElement options, string name) =>
        options.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Shown(JsonNode? node) => node is null ? "nothing" : StoredText.Printable(node.ToJsonString(), 80);

    private static string Printable(string text) => StoredText.Printable(text, 80);
}

using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ProxyStore.Connectors;
using ProxyStore.Extensions.Hosting.Tests.Support;
using ProxyStore.Tests.Observability;
using ProxyStore.Tests.Redis;
using ProxyStore.Tests.Support;

namespace ProxyStore.Extensions.Hosting.Tests;

/// <summary>
/// Every way a store operation fails (a refused serialization, a damaged frame, a wrong type, a
/// failing deserializer, a failed connector; synchronous and asynchronous) is logged once, at
/// warning (the object) or error (the connector), with the exception the caller got, and ends
/// the operation's spans with an error status and an exception event.
/// </summary>
public sealed class FailureObservabilityTests
{
    private const string Category = "ProxyStore.Store";

    private static readonly Dictionary<string, Scenario> Scenarios = new[]
    {
        new Scenario("put refused by the serializer", LogLevel.Warning, "store.put", ["store.put"], Kind.Refusing, null,
            (store, _, async) => async ? store.PutAsync("refused").AsTask() : Task.FromResult(store.Put("refused"))),
        new Scenario("batch refused by the serializer", LogLevel.Warning, "store.put_batch", ["store.put_batch"], Kind.Refusing, null,
            (store, _, async) => async ? store.PutBatchAsync(["a", "b"]).AsTask() : Task.FromResult(store.PutBatch(["a", "b"]))),
        new Scenario("proxy refused by the serializer", LogLevel.Warning, "store.put", ["store.put", "store.proxy"], Kind.Refusing, null,
            (store, _, async) => async ? store.ProxyAsync<IList<string>>(["x"]).AsTask() : Task.FromResult(store.Proxy<IList<string>>(["x"]))),
        new Scenario("get of a damaged frame", LogLevel.Warning, "store.get", ["store.get"], Kind.Files,
            (store, dir) => Damaged(store, dir, "a text that will be damaged"), (store, key, async) => Get<string>(store, key, async)),
        new Scenario("get of a damaged large byte array", LogLevel.Warning, "store.get", ["store.get"], Kind.Files,
            (store, dir) => Damaged(store, dir, new byte[200_000]), (store, key, async) => Get<byte[]>(store, key, async)),
        new Scenario("get as the wrong type", LogLevel.Warning, "store.get", ["store.get"], Kind.Files,
            (store, _) => store.Put("not numbers"), (store, key, async) => Get<int[]>(store, key, async)),
        new Scenario("get of a cached object as the wrong type", LogLevel.Warning, "store.get", ["store.get"], Kind.FilesCached,
            (store, _) => Cached(store, "cached text"), (store, key, async) => Get<Uri>(store, key, async)),
        new Scenario("get through a failing deserializer", LogLevel.Warning, "store.get", ["store.get"], Kind.FailingDeserializer,
            (store, _) => store.Put("fine"), (store, key, async) => Get<string>(store, key, async)),
        new Scenario("put to a dead server", LogLevel.Error, "store.put", ["store.put"], Kind.DeadRedis, null,
            (store, _, async) => async ? store.PutAsync("lost").AsTask() : Task.FromResult(store.Put("lost"))),
        new Scenario("get from a dead server", LogLevel.Error, "store.get", ["store.get"], Kind.DeadRedis, null,
            (store, _, async) => Get<string>(store, new StoreKey("gone"), async)),
        new Scenario("exists on a dead server", LogLevel.Error, "store.exists", ["store.exists"], Kind.DeadRedis, null,
            (store, _, async) => async ? store.ExistsAsync(new StoreKey("gone")).AsTask() : Task.FromResult(store.Exists(new StoreKey("gone")))),
        new Scenario("evict on a dead server", LogLevel.Error, "store.evict", ["store.evict"], Kind.DeadRedis, null,
            (store, _, async) => async ? store.EvictAsync(new StoreKey("gone")).AsTask() : Task.Run(() => store.Evict(new StoreKey("gone")))),
        new Scenario("batch to a dead server", LogLevel.Error, "store.put_batch", ["store.put_batch"], Kind.DeadRedis, null,
            (store, _, async) => async ? store.PutBatchAsync(["a"]).AsTask() : Task.FromResult(store.PutBatch(["a"]))),

        // The future's key is handed out while the server lives; only its set meets the dead server.
        new Scenario("future set on a dead server", LogLevel.Error, "store.put", ["store.put"], Kind.DeadRedis,
            (store, _) => store.Future<string>(),
            (_, future, async) => async ? ((StoreFuture<string>)future!).SetResultAsync("late").AsTask() : Task.Run(() => ((StoreFuture<string>)future!).SetResult("late"))),
    }.ToDictionary(s => s.Name);

    private enum Kind
    {
        Refusing,
        Files,
        FilesCached,
        FailingDeserializer,
        DeadRedis,
    }

    public static TheoryData<string, bool> Cases()
    {
        var cases = new TheoryData<string, bool>();
        foreach (string name in Scenarios.Keys)
        {
            cases.Add(name, false);
            cases.Add(name, true);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_failed_operation_is_logged_once_with_the_callers_exception_and_fails_its_spans(string name, bool async)
    {
        Scenario scenario = Scenarios[name];
        using var temp = new TempDirectory();
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        using RedisServerProcess? server = scenario.Kind is Kind.DeadRedis ? RedisServerProcess.Start() : null;
        using Store store = Make(scenario.Kind, TestHost.Name("failing"), temp.Path, server, factory.CreateLogger(Category));
        object? prepared = scenario.Prepare?.Invoke(store, temp.Path);
        server?.Kill();
        using var telemetry = new TelemetryCapture(store.Name);

        Exception thrown = await Assert.ThrowsAnyAsync<Exception>(() => scenario.Fail(store, prepared, async));

        CapturingLoggerProvider.LogEntry logged = Assert.Single(logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal(scenario.Level, logged.Level);
        Assert.Equal(store.Name, logged.State["Store"]);
        Assert.Equal(scenario.Operation, logged.State["Operation"]);
        Assert.Same(thrown, logged.Exception);
        Assert.Equal(scenario.Spans.Order(StringComparer.Ordinal), telemetry.Activities.Select(a => a.OperationName).Order(StringComparer.Ordinal));
        Assert.All(telemetry.Activities, span =>
        {
            Assert.Equal(ActivityStatusCode.Error, span.Status);
            Assert.Contains(span.Events, e => e.Name == "exception");
        });
    }

    private static Store Make(Kind kind, string name, string directory, RedisServerProcess? server, ILogger logger) => kind switch
    {
        Kind.Refusing => new Store(name, new LocalConnector(), serializer: new RefusingSerializer()) { Logger = logger },
        Kind.Files => new Store(name, new FileConnector(directory, clear: false), cacheSize: 0) { Logger = logger },
        Kind.FilesCached => new Store(name, new FileConnector(directory, clear: false)) { Logger = logger },
        Kind.FailingDeserializer => new Store(name, new LocalConnector(), serializer: new FailingDeserializer()) { Logger = logger },
        _ => new Store(name, new RedisConnector(server!.Host, server.Port, new RedisConnectorOptions { OperationTimeout = TimeSpan.FromSeconds(5) })) { Logger = logger },
    };

    private static async Task Get<T>(Store store, object? key, bool async)
    {
        StoreKey storeKey = (StoreKey)key!;
        if (async)
        {
            await store.GetAsync<T>(storeKey);
        }
        else
        {
            store.Get<T>(storeKey);
        }
    }

    /// <summary>Puts <paramref name="value"/> and overwrites its file's last byte on disk.</summary>
    private static StoreKey Damaged(Store store, string directory, object value)
    {
        StoreKey key = store.Put(value);
        string file = Path.Combine(directory, key.Id);
        byte[] bytes = File.ReadAllBytes(file);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(file, bytes);
        return key;
    }

    /// <summary>Puts <paramref name="value"/> and gets it once, so the store's cache holds it.</summary>
    private static StoreKey Cached(Store store, string value)
    {
        StoreKey key = store.Put(value);
        Assert.Equal(value, store.Get<string>(key));
        Assert.True(store.IsCached(key));
        return key;
    }

    /// <summary>
    /// One way to fail: <see cref="Prepare"/> (before anything is watched, given the store's
    /// directory) makes what <see cref="Fail"/> takes, typically a key.
    /// </summary>
    private sealed record Scenario(
        string Name,
        LogLevel Level,
        string Operation,
        string[] Spans,
        Kind Kind,
        Func<Store, string, object?>? Prepare,
        Func<Store, object?, bool, Task> Fail);
}

using ProxyStore.Connectors;
using ProxyStore.TestConsumer;
using ProxyStore.Tests.Redis;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Futures;

/// <summary>
/// Proxies of futures and their <see cref="PollingStoreFactory{T}"/>: the polling cases of
/// Python ProxyStore's factory tests, plus resolution after a later set and references.
/// </summary>
public sealed class FutureProxyTests
{
    private static readonly PollingOptions Fast = StoreFutureTests.Fast;

    [Fact]
    public async Task A_proxy_resolves_after_a_later_set_and_records_the_polling_resolve()
    {
        using var store = new Store(UniqueNames.Store("future-proxy"), new LocalConnector(), metrics: true, register: true);
        StoreFuture<IPayload> future = store.Future<IPayload>(Fast);
        IPayload proxy = future.Proxy();
        Assert.False(Proxies.IsResolved(proxy));

        Task<string> use = Task.Run(() => proxy.Label);
        future.SetResult(new Payload("produced", [1, 2]));

        Assert.Equal("produced", await use.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(Proxies.IsResolved(proxy));
        Metrics metrics = store.Metrics!.GetMetrics(future.Key)!;
        Assert.Equal(1, metrics.Times[MetricNames.FactoryPollingResolve].Count);
        Assert.Equal(1, metrics.Times[MetricNames.FactoryCall].Count);
    }

    [Fact]
    public void The_polling_resolve_is_a_known_metric_name()
    {
        Assert.Equal("factory.polling_resolve", MetricNames.FactoryPollingResolve);
        Assert.Contains(MetricNames.FactoryPollingResolve, KnownMetrics.TimeNames);
        Assert.True(KnownMetrics.TryGetTime(MetricNames.FactoryPollingResolve, out TimeMetric slot));
        Assert.Equal(TimeMetric.FactoryPollingResolve, slot);
    }

    [Fact]
    public void A_future_proxy_crosses_as_a_reference_with_its_polling_options()
    {
        using var store = new Store(UniqueNames.Store("future-reference"), new LocalConnector(), register: true);
        PollingOptions polling = Fast with { Timeout = TimeSpan.FromSeconds(12), IntervalLimit = TimeSpan.FromMilliseconds(7) };
        StoreFuture<IPayload> future = store.Future<IPayload>(polling, evict: true);

        byte[] reference = ProxyReference.Serialize(future.Proxy());
        IPayload received = ProxyReference.Deserialize<IPayload>(reference);

        var factory = Assert.IsType<PollingStoreFactory<IPayload>>(Proxies.GetFactory(received));
        Assert.Equal(polling, factory.Polling);
        Assert.Equal(future.Key, factory.Key);
        Assert.True(factory.Evict);
        Assert.True(reference.Length < 600, $"A future's reference is small, but this one has {reference.Length} bytes.");

        future.SetResult(new Payload("across", [3]));
        Assert.Equal("across", received.Label);
        Assert.False(future.Done);
    }

    [Fact]
    public void A_future_crosses_as_a_reference_and_comes_back_as_a_future()
    {
        using var store = new Store(UniqueNames.Store("future-from-reference"), new LocalConnector(), register: true);
        StoreFuture<IPayload> future = store.Future<IPayload>(Fast, evict: true);

        StoreFuture<IPayload> back = StoreFuture<IPayload>.FromReference(future.ToReference());
        StoreFuture<IPayload> fromProxy = StoreFuture<IPayload>.FromReference(ProxyReference.Serialize(future.Proxy()));

        Assert.Equal(future.Key, back.Key);
        Assert.Equal(future.Polling, back.Polling);
        Assert.True(back.Evict);
        Assert.Equal(future.Key, fromProxy.Key);
        back.SetResult(new Payload("round trip", []));
        Assert.Throws<KeyAlreadySetException>(() => fromProxy.SetResult(new Payload("again", [])));
        Assert.Equal("round trip", future.Result().Label);
    }

    [Fact]
    public void A_plain_proxys_reference_is_not_a_future()
    {
        using var store = new Store(UniqueNames.Store("plain-not-future"), new LocalConnector(), register: true);
        byte[] reference = ProxyReference.Serialize(store.Proxy<IPayload>(new Payload("plain", [])));

        var refused = Assert.Throws<System.Text.Json.JsonException>(() => StoreFuture<IPayload>.FromReference(reference));

        Assert.Contains(store.Name, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_proxy_reference_still_makes_a_plain_factory()
    {
        using var store = new Store(UniqueNames.Store("plain-reference"), new LocalConnector(), register: true);
        IPayload proxy = store.Proxy<IPayload>(new Payload("plain", []));

        IPayload received = ProxyReference.Deserialize<IPayload>(ProxyReference.Serialize(proxy));

        Assert.IsType<StoreFactory<IPayload>>(Proxies.GetFactory(received));
    }

    [Fact]
    public void The_factory_resolves_an_object_already_stored()
    {
        using var store = new Store(UniqueNames.Store("polling-resolve"), new LocalConnector(), metrics: true, register: true);
        StoreKey key = store.Put(new Payload("value", []));
        var factory = new PollingStoreFactory<IPayload>(key, store.ToConfig());

        Assert.Equal("value", factory.Resolve().Label);
        Assert.Equal("value", factory.Call().Label);
        Metrics metrics = store.Metrics!.GetMetrics(key)!;
        Assert.Equal(2, metrics.Times[MetricNames.FactoryPollingResolve].Count);
        Assert.Equal(1, metrics.Times[MetricNames.FactoryCall].Count);
    }

    [Fact]
    public async Task The_factory_evicts_when_asked()
    {
        using var store = new Store(UniqueNames.Store("polling-evict"), new LocalConnector(), register: true);
        StoreKey key = store.Put(new Payload("value", []));
        var factory = new PollingStoreFactory<IPayload>(key, store.ToConfig(), evict: true);

        Assert.Equal("value", (await factory.ResolveAsync()).Label);
        Assert.False(store.Exists(key));
    }

    [Fact]
    public async Task The_factory_times_out_with_and_without_backoff()
    {
        using var store = new Store(UniqueNames.Store("polling-timeout"), new LocalConnector(), register: true);
        StoreKey key = ((IDeferrableConnector)store.Connector).NewKey();
        PollingOptions[] options =
        [
            new() { Interval = TimeSpan.FromMilliseconds(1), Timeout = TimeSpan.FromMilliseconds(2) },
            new() { Interval = TimeSpan.FromMilliseconds(1), BackoffFactor = 2, IntervalLimit = TimeSpan.FromMilliseconds(4), Timeout = TimeSpan.FromMilliseconds(11) },
        ];

        foreach (PollingOptions polling in options)
        {
            var factory = new PollingStoreFactory<IPayload>(key, store.ToConfig(), polling: polling);
            var sync = Assert.Throws<ProxyResolveException>(() => factory.Resolve());
            Assert.IsType<TimeoutException>(sync.InnerException);
            Assert.Contains(store.Name, sync.Message, StringComparison.Ordinal);
            var async = await Assert.ThrowsAsync<ProxyResolveException>(async () => await factory.ResolveAsync());
            Assert.IsType<TimeoutException>(async.InnerException);
        }
    }

    [Fact]
    public void The_backoff_grows_the_interval_up_to_its_limit()
    {
        var polling = new PollingOptions { Interval = TimeSpan.FromMilliseconds(1), BackoffFactor = 2, IntervalLimit = TimeSpan.FromMilliseconds(4) };

        TimeSpan second = polling.Next(polling.Interval);
        TimeSpan third = polling.Next(second);
        TimeSpan fourth = polling.Next(third);

        Assert.Equal([TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(4), TimeSpan.FromMilliseconds(4)], [second, third, fourth]);
        Assert.Equal(TimeSpan.FromDays(1), new PollingOptions { Interval = TimeSpan.FromDays(1), BackoffFactor = 1e9 }.Next(TimeSpan.FromDays(1)));
    }

    [Fact]
    public async Task A_redis_waiter_is_woken_by_the_set_long_before_its_polling_interval()
    {
        using var store = new Store(UniqueNames.Store("future-redis-wake"), RedisTestServer.NewConnector());

        // One poll an hour: only the set's announcement can end this wait within the bound.
        StoreFuture<Payload> future = store.Future<Payload>(new PollingOptions { Interval = TimeSpan.FromHours(1) });
        Task<Payload> sync = Task.Run(() => future.Result());
        Task<Payload> async = future.ResultAsync().AsTask();

        // Both waiters subscribe before their first check; give them time to get there, so the
        // set lands while they sleep rather than before their first check.
        while (await SubscribersOf(store, future.Key) < 1)
        {
            await Task.Delay(5);
        }

        future.SetResult(new Payload("woken", []));

        Assert.Equal("woken", (await async.WaitAsync(TimeSpan.FromSeconds(30))).Label);
        Assert.Equal("woken", (await sync.WaitAsync(TimeSpan.FromSeconds(30))).Label);
    }

    [Theory]
    [InlineData("local")]
    [InlineData("multi")]
    public async Task A_waiter_in_the_process_of_a_local_set_is_woken_long_before_its_polling_interval(string kind)
    {
        using var dir = new TempDirectory();
        using var store = new Store(UniqueNames.Store("future-local-wake"), ConnectorCases.Create(kind, dir));
        StoreFuture<Payload> future = store.Future<Payload>(new PollingOptions { Interval = TimeSpan.FromHours(1) });
        Task<Payload> sync = Task.Run(() => future.Result());
        Task<Payload> async = future.ResultAsync().AsTask();

        // Whether the waiters are asleep or not yet at their first check, the set reaches them.
        await Task.Yield();
        future.SetResult(new Payload("woken", []));

        Assert.Equal("woken", (await async.WaitAsync(TimeSpan.FromSeconds(30))).Label);
        Assert.Equal("woken", (await sync.WaitAsync(TimeSpan.FromSeconds(30))).Label);
    }

    private static async Task<long> SubscribersOf(Store store, StoreKey key)
    {
        var connector = (RedisConnector)store.Connector;
        StackExchange.Redis.RedisResult result = await RedisTestServer.Raw().ExecuteAsync("PUBSUB", "NUMSUB", (string)connector.SetChannelOf(key)!);
        var pair = (StackExchange.Redis.RedisResult[])result!;
        return (long)pair[1];
    }
}

using ProxyStore.Connectors;
using ProxyStore.TestConsumer;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Futures;

/// <summary>The spirit of Python ProxyStore's future tests: set, wait, fail, time out, on every connector.</summary>
public sealed class StoreFutureTests : IDisposable
{
    // Short sleeps keep waiting tests quick; bounded timeouts keep a broken one from hanging.
    internal static readonly PollingOptions Fast = new() { Interval = TimeSpan.FromMilliseconds(1), BackoffFactor = 2, IntervalLimit = TimeSpan.FromMilliseconds(20), Timeout = TimeSpan.FromSeconds(30) };

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private Store NewStore(string kind, bool metrics = false) =>
        new(UniqueNames.Store("future-" + kind), ConnectorCases.Create(kind, _dir), metrics: metrics);

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public async Task A_set_value_is_the_result_and_the_future_is_done(string kind)
    {
        using Store store = NewStore(kind);
        StoreFuture<Payload> future = store.Future<Payload>(Fast);
        Assert.False(future.Done);
        Assert.False(await future.IsDoneAsync());
        Assert.Null(store.Get<Payload>(future.Key));

        future.SetResult(new Payload("set", [1, 2, 3]));

        Assert.True(future.Done);
        Assert.Equal("set", future.Result().Label);
        Assert.Equal(new byte[] { 1, 2, 3 }, (await future.ResultAsync()).Data);
        Assert.Equal("set", store.Get<Payload>(future.Key)!.Label);
    }

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public async Task A_result_asked_before_the_set_waits_for_it(string kind)
    {
        using Store store = NewStore(kind);
        StoreFuture<Payload> future = store.Future<Payload>(Fast);
        using var waiting = new ManualResetEventSlim();

        Task<Payload> sync = Task.Run(() =>
        {
            waiting.Set();
            return future.Result(TimeSpan.FromSeconds(30));
        });
        Task<Payload> async = future.ResultAsync(TimeSpan.FromSeconds(30)).AsTask();
        Assert.True(waiting.Wait(TimeSpan.FromSeconds(30)));
        Assert.False(async.IsCompleted);

        await Task.Run(() => future.SetResult(new Payload("later", [7])));

        Assert.Equal("later", (await sync).Label);
        Assert.Equal("later", (await async).Label);
    }

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public async Task The_async_twins_make_and_set_a_future_once(string kind)
    {
        await using Store store = NewStore(kind);
        StoreFuture<Payload> future = await store.FutureAsync<Payload>(Fast);
        Task<Payload> waiting = future.ResultAsync(TimeSpan.FromSeconds(30)).AsTask();

        await future.SetResultAsync(new Payload("async", [9]));

        Assert.Equal("async", (await waiting).Label);
        Assert.True(await future.IsDoneAsync());
        await Assert.ThrowsAsync<KeyAlreadySetException>(async () => await future.SetResultAsync(new Payload("again", [])));
        await Assert.ThrowsAsync<KeyAlreadySetException>(async () => await SameKey(store, future).SetResultAsync(new Payload("elsewhere", [])));
    }

    [Fact]
    public void The_python_default_polling_options_are_kept()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), PollingOptions.Default.Interval);
        Assert.Equal(1, PollingOptions.Default.BackoffFactor);
        Assert.Null(PollingOptions.Default.IntervalLimit);
        Assert.Null(PollingOptions.Default.Timeout);
    }

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public void A_second_set_throws_naming_key_and_store_and_keeps_the_first_value(string kind)
    {
        using Store store = NewStore(kind);
        StoreFuture<Payload> future = store.Future<Payload>(Fast);
        future.SetResult(new Payload("first", []));

        var again = Assert.Throws<KeyAlreadySetException>(() => future.SetResult(new Payload("second", [])));
        Assert.Contains(future.Key.ToString(), again.Message, StringComparison.Ordinal);
        Assert.Contains(store.Name, again.Message, StringComparison.Ordinal);
        Assert.Throws<KeyAlreadySetException>(() => future.SetException(new InvalidOperationException("late")));

        // A second StoreFuture on the same key (as in another process) is refused by the connector.
        StoreFuture<Payload> other = SameKey(store, future);
        var refused = Assert.Throws<KeyAlreadySetException>(() => other.SetResult(new Payload("third", [])));
        Assert.Contains(store.Name, refused.Message, StringComparison.Ordinal);
        Assert.Equal("first", future.Result().Label);
    }

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public async Task A_producers_exception_reaches_every_waiter_with_its_message(string kind)
    {
        using Store store = NewStore(kind);
        StoreFuture<IPayload> future = store.Future<IPayload>(Fast);
        IPayload proxy = future.Proxy();
        Task<IPayload> waiting = future.ResultAsync(TimeSpan.FromSeconds(30)).AsTask();

        future.SetException(new ArgumentException("the input was bad"));

        Assert.True(future.Done);
        var failed = await Assert.ThrowsAsync<StoreFutureException>(() => waiting);
        Assert.Equal("the input was bad", failed.ProducerMessage);
        Assert.Equal(typeof(ArgumentException).FullName, failed.ProducerExceptionType);
        Assert.Equal(future.Key, failed.Key);
        Assert.Contains(store.Name, failed.Message, StringComparison.Ordinal);

        Assert.Contains("the input was bad", Assert.Throws<StoreFutureException>(() => future.Result()).Message, StringComparison.Ordinal);
        var resolve = Assert.Throws<ProxyResolveException>(() => proxy.Label);
        Assert.Contains("the input was bad", resolve.Message, StringComparison.Ordinal);
        Assert.IsType<StoreFutureException>(resolve.InnerException);
        Assert.Throws<StoreFutureException>(() => store.Get<Payload>(future.Key));
    }

    [Fact]
    public async Task A_future_with_no_value_times_out_naming_key_and_store()
    {
        using Store store = NewStore("local");
        StoreFuture<IPayload> future = store.Future<IPayload>(Fast with { Timeout = TimeSpan.FromMilliseconds(20) });

        var sync = Assert.Throws<TimeoutException>(() => future.Result());
        Assert.Contains(future.Key.ToString(), sync.Message, StringComparison.Ordinal);
        Assert.Contains(store.Name, sync.Message, StringComparison.Ordinal);
        var async = await Assert.ThrowsAsync<TimeoutException>(async () => await future.ResultAsync(TimeSpan.FromMilliseconds(5)));
        Assert.Contains(store.Name, async.Message, StringComparison.Ordinal);
        var proxy = Assert.Throws<ProxyResolveException>(() => future.Proxy().Label);
        Assert.IsType<TimeoutException>(proxy.InnerException);
        Assert.Contains(future.Key.ToString(), proxy.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Waiting_asynchronously_stops_when_cancelled()
    {
        using Store store = NewStore("local");
        StoreFuture<Payload> future = store.Future<Payload>(Fast with { Timeout = null });
        using var cancel = new CancellationTokenSource();
        Task<Payload> waiting = future.ResultAsync(cancel.Token).AsTask();

        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public void A_value_that_cannot_be_serialized_leaves_the_future_unset_for_a_retry()
    {
        using Store store = new(UniqueNames.Store("future-refused"), new LocalConnector(), serializer: new RefusingSerializer());
        StoreFuture<Payload> future = store.Future<Payload>(Fast);

        Assert.Throws<ProxyStore.Serialization.StoreSerializationException>(() => future.SetResult(new Payload("x", [])));

        Assert.False(future.Done);
        future.SetException(new IOException("could not produce"));
        Assert.Contains("could not produce", Assert.Throws<StoreFutureException>(() => future.Result()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SetResult_records_a_put_under_the_key()
    {
        using Store store = NewStore("local", metrics: true);
        StoreFuture<Payload> future = store.Future<Payload>(Fast);

        future.SetResult(new Payload("m", [1]));

        Metrics metrics = store.Metrics!.GetMetrics(future.Key)!;
        Assert.Equal(1, metrics.Times[MetricNames.Put].Count);
        Assert.Equal(1, metrics.Times[MetricNames.PutSerialize].Count);
        Assert.Equal(1, metrics.Times[MetricNames.PutConnector].Count);
        Assert.True(metrics.Attributes[MetricNames.PutObjectSize] is long size && size > 0);
    }

    [Fact]
    public void An_evicting_future_removes_the_value_once_read()
    {
        using Store store = NewStore("local");
        StoreFuture<Payload> future = store.Future<Payload>(Fast, evict: true);
        future.SetResult(new Payload("once", []));

        Assert.Equal("once", future.Result().Label);

        Assert.False(future.Done);
    }

    [Fact]
    public void A_store_whose_connector_cannot_defer_refuses_futures_naming_the_connector()
    {
        using Store store = new(UniqueNames.Store("future-unsupported"), new PutOnlyConnector());

        var refused = Assert.Throws<NotSupportedException>(() => store.Future<Payload>());

        Assert.Contains(store.Connector.ToString()!, refused.Message, StringComparison.Ordinal);
        Assert.Contains(store.Name, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Polling_options_out_of_range_are_refused()
    {
        using Store store = NewStore("local");

        Assert.Throws<ArgumentOutOfRangeException>(() => store.Future<Payload>(new PollingOptions { Interval = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Future<Payload>(new PollingOptions { BackoffFactor = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Future<Payload>(new PollingOptions { Timeout = TimeSpan.FromSeconds(-1) }));
    }

    /// <summary>Another future on the key of <paramref name="future"/>, as a second process would have.</summary>
    private static StoreFuture<Payload> SameKey(Store store, StoreFuture<Payload> future) => new(store, future.Key, evict: false, Fast);
}

using BenchmarkDotNet.Attributes;
using ProxyStore;
using ProxyStore.Connectors;

/// <summary>
/// From <c>SetResult</c> to the waiting consumer having the value (issue 16): each operation
/// makes a future, starts a consumer awaiting it, sets a 1 KiB value and waits for the
/// consumer. With only polling, the consumer notices at its next check (on average half an
/// interval late); a connector that announces sets wakes it at once.
/// </summary>
[MemoryDiagnoser]
public abstract class FutureLatencyBenchmarks
{
    private Store _store = null!;
    private byte[] _payload = null!;
    private PollingOptions _polling = null!;

    /// <summary>The consumer's polling interval in milliseconds.</summary>
    [Params(1, 50)]
    public int IntervalMs { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _store = new Store("future-bench-" + Guid.NewGuid().ToString("N"), CreateConnector(), cacheSize: 0, register: true);
        _payload = BenchmarkStores.Payload(1024);
        _polling = new PollingOptions { Interval = TimeSpan.FromMilliseconds(IntervalMs), Timeout = TimeSpan.FromSeconds(30) };
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    /// <summary>The same steps with a plain in-memory hand-off: what every operation costs besides the store.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> HandOff()
    {
        var handOff = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<byte[]> consumer = Task.Run(async () => await handOff.Task);
        await Task.Delay(1);
        handOff.SetResult(_payload);
        return (await consumer).Length;
    }

    [Benchmark]
    public async Task<int> SetToConsumer()
    {
        StoreFuture<byte[]> future = _store.Future<byte[]>(_polling, evict: true);
        Task<byte[]> consumer = Task.Run(async () => await future.ResultAsync());

        // Let the consumer make its first, empty check, so it is waiting when the value comes.
        await Task.Delay(1);
        await future.SetResultAsync(_payload);
        return (await consumer).Length;
    }

    /// <summary>The connector the store under test uses.</summary>
    protected abstract IConnector CreateConnector();
}

/// <summary><see cref="FutureLatencyBenchmarks"/> on files: polling only.</summary>
public class FileFutureLatencyBenchmarks : FutureLatencyBenchmarks
{
    protected override IConnector CreateConnector() =>
        new FileConnector(Path.Combine(Path.GetTempPath(), "proxystore-bench-" + Guid.NewGuid().ToString("N")));
}

/// <summary><see cref="FutureLatencyBenchmarks"/> on Redis, which announces each set.</summary>
public class RedisFutureLatencyBenchmarks : FutureLatencyBenchmarks
{
    protected override IConnector CreateConnector()
    {
        (string host, int port) = RedisBenchmarks.Server() ?? throw new InvalidOperationException($"Set {RedisBenchmarks.Variable}=host:port to run the Redis benchmarks.");
        return RedisConnector.Connect(host, port, new RedisConnectorOptions { KeyPrefix = "proxystore-bench:" + Guid.NewGuid().ToString("N")[..8] + ":", Clear = true });
    }
}

using ProxyStore;
using ProxyStore.Connectors;

/// <summary>
/// Issue 19's large values: a put and a get of one <c>byte[]</c> (200 MB unless
/// <c>--large MB</c> says otherwise) on Local, File and (with <c>PROXYSTORE_TEST_REDIS</c>)
/// Redis, with the default cache. Per operation: the bytes allocated by every thread, and the
/// peak of the GC heap above what it held before (sampled every millisecond), both as multiples
/// of the value; then the live heap after five gets of the value with the caller's copies
/// dropped, and after disposing the store.
/// </summary>
internal static class LargeValueProbe
{
    public static int Run(string[] args)
    {
        int at = Array.IndexOf(args, "--large");
        int mb = at + 1 < args.Length && int.TryParse(args[at + 1], out int given) ? given : 200;
        var value = new byte[mb * 1_000_000];
        new Random(19).NextBytes(value);
        Console.WriteLine($"# {mb} MB byte[]; x = multiples of the value; load {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine("connector | put alloc, peak | get alloc, peak | live after 5 gets | live after dispose");
        string? redis = Environment.GetEnvironmentVariable("PROXYSTORE_TEST_REDIS");
        string directory = Path.Combine(Path.GetTempPath(), "proxystore-large-" + Guid.NewGuid().ToString("N"));
        var connectors = new List<(string, Func<IConnector>)>
        {
            ("Local", () => new LocalConnector()),
            ("File", () => new FileConnector(directory)),
        };
        if (!string.IsNullOrEmpty(redis))
        {
            connectors.Add(("Redis", () => RedisConnector.FromConnectionString(redis, new RedisConnectorOptions { OperationTimeout = TimeSpan.FromMinutes(2) })));
        }

        foreach ((string name, Func<IConnector> make) in connectors)
        {
            Measure(name, make(), value);
        }

        // The raw client after the store and again after a second store run: the first large read
        // of a process grows the client's pipe buffers, which later reads reuse, so order matters.
        if (!string.IsNullOrEmpty(redis))
        {
            RawRedis(redis, value);
            Measure("Redis, again", connectors[^1].Item2(), value);
            RawRedis(redis, value);
        }

        return 0;
    }

    private static void Measure(string name, IConnector connector, byte[] value)
    {
        var store = new Store("large-" + Guid.NewGuid().ToString("N"), connector);
        (StoreKey key, double putAlloc, double putPeak) = Op(() => store.Put(value), value.Length);
        (_, double getAlloc, double getPeak) = Op(() => store.Get<byte[]>(key)!.Length, value.Length);
        long baseline = Live();
        for (int i = 0; i < 5; i++)
        {
            _ = store.Get<byte[]>(key)!.Length;
        }

        double afterGets = (double)(Live() - baseline) / value.Length;
        store.Evict(key);
        store.Dispose();
        double afterDispose = (double)(Live() - baseline) / value.Length;
        Console.WriteLine($"{name,-6} | {putAlloc:F2}x, {putPeak:F2}x | {getAlloc:F2}x, {getPeak:F2}x | {afterGets:F2}x | {afterDispose:F2}x");
    }

    /// <summary>The floor on Redis: StackExchange.Redis's own StringSet and StringGet of the same bytes.</summary>
    private static void RawRedis(string server, byte[] value)
    {
        var options = StackExchange.Redis.ConfigurationOptions.Parse(server);
        options.SyncTimeout = 120_000;
        using var connection = StackExchange.Redis.ConnectionMultiplexer.Connect(options);
        StackExchange.Redis.IDatabase db = connection.GetDatabase();
        string key = "proxystore-large-raw-" + Guid.NewGuid().ToString("N");
        (_, double putAlloc, double putPeak) = Op(() => db.StringSet(key, value), value.Length);
        (_, double getAlloc, double getPeak) = Op(() => ((byte[])db.StringGet(key)!).Length, value.Length);
        db.KeyDelete(key);
        Console.WriteLine($"raw SE.Redis | {putAlloc:F2}x, {putPeak:F2}x | {getAlloc:F2}x, {getPeak:F2}x | |");
    }

    private static (T Result, double Allocated, double Peak) Op<T>(Func<T> action, int size)
    {
        long before = Live();
        long peak = before;
        using var done = new ManualResetEventSlim();
        var sampler = new Thread(() =>
        {
            while (!done.IsSet)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                Thread.Sleep(1);
            }
        });
        sampler.Start();
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        T result = action();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        peak = Math.Max(peak, GC.GetTotalMemory(false));
        done.Set();
        sampler.Join();
        return (result, (double)allocated / size, (double)(peak - before) / size);
    }

    private static long Live()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}

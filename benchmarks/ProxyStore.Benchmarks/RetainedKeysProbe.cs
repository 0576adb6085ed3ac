using System.Collections.Concurrent;
using System.Diagnostics;
using ProxyStore;

/// <summary>
/// A plain timing loop of issue 19's retained-keys shape, the same as
/// <c>benchmarks/python/retained_keys.py</c>: N puts into one store, then N gets, N gets again
/// (every key's get metrics exist by then), N exists and N evicts of every key, each phase
/// timed as a whole, with the bytes it allocated and the collections it ran; after the first
/// gets, the heap the store holds per key (a full collection's live bytes, less the same
/// store's before its first put). Each in-memory run is followed by the same phases on the
/// floor: a <c>ConcurrentDictionary</c> that keeps a new 22-character id and a copy of the
/// frame (the serialized value and its 16-byte header) per put, copies the value out on a get,
/// and has no metrics: what any in-memory store that keeps its objects must pay on this machine.
/// Run with <c>--retained [N ...] [--size S ...] [--connector local|file ...] [--metrics on|off ...]</c>.
/// </summary>
internal static class RetainedKeysProbe
{
    private static readonly string[] PhaseNames = ["put", "get", "get again", "exists", "evict"];

    public static int Run(string[] args)
    {
        List<int> counts = Values(args, "--retained", int.Parse, [10_000, 100_000]);
        List<int> sizes = Values(args, "--size", int.Parse, [16, 1024]);
        List<ConnectorKind> connectors = Values(args, "--connector", s => s == "file" ? ConnectorKind.File : ConnectorKind.Local, [ConnectorKind.Local, ConnectorKind.File]);
        List<bool> metrics = Values(args, "--metrics", s => s == "on", [true, false]);
        Console.WriteLine($"# {RuntimeInfo()}");
        Console.WriteLine($"connector n size metrics | {string.Join(" / ", PhaseNames)} (ns/op) | the same (B/op) | gen0/1/2 over all phases | heap per key after gets (B)");

        // Small rounds of every target first, twice with a pause, so that the measured code is
        // jitted to its final tier: the runtime promotes a method only after a quiet spell of
        // 100 ms without new methods to compile, and a profiled tier comes in between.
        for (int round = 0; round < 2; round++)
        {
            foreach (ConnectorKind connector in connectors)
            {
                foreach (bool on in metrics)
                {
                    Once(StoreTarget(connector, on), 20_000, 1024, print: null);
                }
            }

            Once(FloorTarget(), 20_000, 1024, print: null);
            Thread.Sleep(1_000);
        }
        foreach (ConnectorKind connector in connectors)
        {
            foreach (int n in counts)
            {
                foreach (int size in sizes)
                {
                    foreach (bool on in metrics)
                    {
                        Once(StoreTarget(connector, on), n, size, print: $"{connector,-5} {n,9:N0} {size,5} {(on ? "on" : "off"),-3}");
                    }

                    if (connector == ConnectorKind.Local)
                    {
                        Once(FloorTarget(), n, size, print: $"Floor {n,9:N0} {size,5} -  ");
                    }
                }
            }
        }

        return 0;
    }

    /// <summary>What the phases run on: a store, or the floor.</summary>
    private sealed record Target(IDisposable Owner, Func<byte[], object> Put, Action<object> Get, Action<object> Exists, Action<object> Evict);

    private static Func<Target> StoreTarget(ConnectorKind connector, bool metrics) => () =>
    {
        Store store = BenchmarkStores.Create(connector, metrics, cacheSize: 0, register: false);
        return new Target(store, payload => store.Put(payload), key => store.Get<byte[]>((StoreKey)key), key => store.Exists((StoreKey)key), key => store.Evict((StoreKey)key));
    };

    private static Func<Target> FloorTarget() => () =>
    {
        var entries = new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal);
        return new Target(
            new Nothing(),
            payload =>
            {
                string id = StoreKey.NewId();
                var frame = new byte[FrameHeaderBytes + payload.Length];
                payload.CopyTo(frame.AsSpan(FrameHeaderBytes));
                entries[id] = frame;
                return id;
            },
            key => _ = entries[(string)key].AsSpan(FrameHeaderBytes).ToArray(),
            key => _ = entries.ContainsKey((string)key),
            key => entries.TryRemove((string)key, out _));
    };

    /// <summary>The store's frame header (16 bytes) and the default serializer's tag of a byte array (1).</summary>
    private const int FrameHeaderBytes = 17;

    private sealed class Nothing : IDisposable
    {
        public void Dispose()
        {
        }
    }

    private static void Once(Func<Target> create, int n, int size, string? print)
    {
        byte[] payload = BenchmarkStores.Payload(size);
        var keys = new object[n];
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Target target = create();
        using IDisposable owner = target.Owner;
        long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        int[] gcBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var ns = new double[PhaseNames.Length];
        var bytes = new double[PhaseNames.Length];

        Phase(0, () =>
        {
            for (int i = 0; i < n; i++)
            {
                keys[i] = target.Put(payload);
            }
        });
        Phase(1, () => Array.ForEach(keys, target.Get));
        long perKey = (GC.GetTotalMemory(forceFullCollection: true) - heapBefore) / n;
        Phase(2, () => Array.ForEach(keys, target.Get));
        Phase(3, () => Array.ForEach(keys, target.Exists));
        Phase(4, () => Array.ForEach(keys, target.Evict));

        if (print is not null)
        {
            string gcs = $"{GC.CollectionCount(0) - gcBefore[0]}/{GC.CollectionCount(1) - gcBefore[1]}/{GC.CollectionCount(2) - gcBefore[2]}";
            Console.WriteLine($"{print} | {Row(ns, 7)} | {Row(bytes, 5)} | {gcs,-10} | {perKey}");
        }

        void Phase(int index, Action action)
        {
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            long start = Stopwatch.GetTimestamp();
            action();
            ns[index] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / n;
            bytes[index] = (double)(GC.GetAllocatedBytesForCurrentThread() - allocated) / n;
        }
    }

    private static string Row(double[] values, int width) => string.Join(" ", values.Select(v => v.ToString("F0").PadLeft(width)));

    private static string RuntimeInfo() =>
        $"{Environment.Version}, {Environment.ProcessorCount} cpus, server GC {System.Runtime.GCSettings.IsServerGC}, load {File.ReadAllText("/proc/loadavg").Trim()}";

    private static List<T> Values<T>(string[] args, string option, Func<string, T> parse, List<T> defaults)
    {
        int at = Array.IndexOf(args, option);
        if (at < 0)
        {
            return defaults;
        }

        var values = args.Skip(at + 1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(parse).ToList();
        return values.Count == 0 ? defaults : values;
    }
}

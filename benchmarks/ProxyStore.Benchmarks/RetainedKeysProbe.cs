using System.Diagnostics;
using ProxyStore;

/// <summary>
/// A plain timing loop of issue 19's retained-keys shape, the same as
/// <c>benchmarks/python/retained_keys.py</c>: N puts into one store, then N gets, N exists and
/// N evicts of every key, each phase timed as a whole, with the bytes it allocated and the
/// collections it ran; after the gets, the heap the store holds per key (a full collection's
/// live bytes, less the same store's before its first put). Run with
/// <c>--retained [N ...] [--size S ...] [--connector local|file ...] [--metrics on|off ...]</c>.
/// </summary>
internal static class RetainedKeysProbe
{
    public static int Run(string[] args)
    {
        List<int> counts = Values(args, "--retained", int.Parse, [10_000, 100_000]);
        List<int> sizes = Values(args, "--size", int.Parse, [16, 1024]);
        List<ConnectorKind> connectors = Values(args, "--connector", s => s == "file" ? ConnectorKind.File : ConnectorKind.Local, [ConnectorKind.Local, ConnectorKind.File]);
        List<bool> metrics = Values(args, "--metrics", s => s == "on", [true, false]);
        Console.WriteLine($"# {RuntimeInfo()}");
        Console.WriteLine("connector n size metrics | put get exists evict (ns/op) | put get exists evict (B/op) | gen0/1/2 over all phases | heap per key after gets (B)");

        // One small round first so the measured code is jitted to its final tier.
        foreach (ConnectorKind connector in connectors)
        {
            Once(connector, 20_000, 1024, true, print: false);
        }

        foreach (ConnectorKind connector in connectors)
        {
            foreach (int n in counts)
            {
                foreach (int size in sizes)
                {
                    foreach (bool on in metrics)
                    {
                        Once(connector, n, size, on, print: true);
                    }
                }
            }
        }

        return 0;
    }

    private static void Once(ConnectorKind connector, int n, int size, bool metrics, bool print)
    {
        byte[] payload = BenchmarkStores.Payload(size);
        var keys = new StoreKey[n];
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using Store store = BenchmarkStores.Create(connector, metrics, cacheSize: 0, register: false);
        long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        int[] gcBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var ns = new double[4];
        var bytes = new double[4];

        Phase(0, () =>
        {
            for (int i = 0; i < n; i++)
            {
                keys[i] = store.Put(payload);
            }
        });
        Phase(1, () =>
        {
            foreach (StoreKey key in keys)
            {
                _ = store.Get<byte[]>(key);
            }
        });
        long perKey = (GC.GetTotalMemory(forceFullCollection: true) - heapBefore) / n;
        Phase(2, () =>
        {
            foreach (StoreKey key in keys)
            {
                _ = store.Exists(key);
            }
        });
        Phase(3, () =>
        {
            foreach (StoreKey key in keys)
            {
                store.Evict(key);
            }
        });

        if (print)
        {
            string gcs = $"{GC.CollectionCount(0) - gcBefore[0]}/{GC.CollectionCount(1) - gcBefore[1]}/{GC.CollectionCount(2) - gcBefore[2]}";
            Console.WriteLine(
                $"{connector,-5} {n,9:N0} {size,5} {(metrics ? "on" : "off"),-3} | {ns[0],8:F0} {ns[1],8:F0} {ns[2],8:F0} {ns[3],8:F0} | " +
                $"{bytes[0],6:F0} {bytes[1],6:F0} {bytes[2],6:F0} {bytes[3],6:F0} | {gcs,-10} | {perKey}");
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

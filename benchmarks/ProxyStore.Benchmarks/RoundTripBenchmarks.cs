using BenchmarkDotNet.Attributes;
using ProxyStore;
using ProxyStore.Connectors;

/// <summary>
/// What issue 13's guarantees cost on 1 KiB in memory, metrics on: the frame (length and
/// XxHash3) around every stored object, and the round-trip check of a type already judged.
/// Every get misses the cache (cache size 0), so it reads, checks and deserializes.
/// </summary>
[MemoryDiagnoser]
public class RoundTripBenchmarks
{
    private Store _store = null!;
    private byte[] _bytes = null!;
    private Reading _reading = null!;
    private StoreKey _bytesKey = null!;
    private StoreKey _readingKey = null!;

    [GlobalSetup]
    public void Setup()
    {
        _store = new Store("round-trip-bench-" + Guid.NewGuid().ToString("N"), new LocalConnector(), cacheSize: 0, metrics: true);
        _bytes = BenchmarkStores.Payload(1024);
        _reading = Reading.Create();
        _bytesKey = _store.Put(_bytes);
        _readingKey = _store.Put(_reading);
        Console.WriteLine($"// RoundTripBenchmarks: the reading is {_store.Connector.Get(_readingKey)!.Length} bytes stored");
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    [Benchmark]
    public void PutBytesThenEvict() => _store.Evict(_store.Put(_bytes));

    [Benchmark]
    public byte[]? GetBytes() => _store.Get<byte[]>(_bytesKey);

    /// <summary>A record of a type the serializer has judged already: the per-put check is a lookup.</summary>
    [Benchmark]
    public void PutRecordThenEvict() => _store.Evict(_store.Put(_reading));

    [Benchmark]
    public Reading? GetRecord() => _store.Get<Reading>(_readingKey);

    /// <summary>About 1 KiB of JSON: a sensor reading with its samples.</summary>
    public sealed record Reading(string Source, DateTimeOffset At, int Sequence, double[] Samples)
    {
        public static Reading Create() =>
            new("sensor-17/north", new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero), 42, [.. Enumerable.Range(0, 165).Select(i => i * 1.25)]);
    }
}

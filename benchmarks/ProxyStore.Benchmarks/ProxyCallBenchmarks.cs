using BenchmarkDotNet.Attributes;
using ProxyStore;
using ProxyStore.Connectors;

/// <summary>A shape small enough that the cost of the call itself dominates.</summary>
public interface ICounter
{
    int Value { get; }

    int Add(int amount);
}

/// <summary>The proxied object.</summary>
public sealed class Counter : ICounter
{
    public int Value { get; set; }

    public int Add(int amount) => Value + amount;
}

/// <summary>A call through a direct reference, a resolved Castle proxy and a Lazy; and the first use of a proxy.</summary>
[MemoryDiagnoser]
public class ProxyCallBenchmarks
{
    private Store _store = null!;
    private ICounter _direct = null!;
    private ICounter _castle = null!;
    private Lazy<ICounter> _lazy = null!;
    private StoreKey _key = null!;

    [GlobalSetup]
    public void Setup()
    {
        _store = new Store("calls-" + Guid.NewGuid().ToString("N"), new LocalConnector(), metrics: true, register: true);
        _direct = new Counter { Value = 1 };
        _key = _store.Put(_direct);
        _castle = _store.ProxyFromKey<ICounter>(_key);
        _ = _castle.Value;
        _lazy = new Lazy<ICounter>(() => new Counter { Value = 1 });
        _ = _lazy.Value;
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    [Benchmark(Baseline = true)]
    public int Direct() => _direct.Add(1);

    [Benchmark]
    public int CastleResolved() => _castle.Add(1);

    [Benchmark]
    public int LazyValue() => _lazy.Value.Add(1);

    [Benchmark]
    public int CastleFirstUse() => _store.ProxyFromKey<ICounter>(_key).Add(1);
}

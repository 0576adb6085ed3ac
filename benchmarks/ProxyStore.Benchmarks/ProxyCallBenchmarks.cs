using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using ProxyStore;
using ProxyStore.Connectors;

/// <summary>
/// A shape small enough that the cost of the call itself dominates. It is <c>[Proxiable]</c>,
/// so the ProxyStore generator (an analyzer of this project) emits <c>CounterProxy</c> for it.
/// </summary>
[Proxiable]
public interface ICounter
{
    int Value { get; }

    int Add(int amount);

    int Checksum(int seed);
}

/// <summary>The same shape without <c>[Proxiable]</c>: its proxies are Castle DynamicProxy ones.</summary>
public interface ICastleCounter
{
    int Value { get; }

    int Add(int amount);

    int Checksum(int seed);
}

/// <summary>
/// The proxied object. <see cref="Add"/> is never inlined: with dynamic PGO the JIT would
/// otherwise inline a direct call into an add (0 ns, no call left to compare with), while
/// every call through a proxy still calls. A real target method is rarely that small.
/// </summary>
public sealed class Counter : ICounter, ICastleCounter
{
    private static readonly int[] Data = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3];

    public int Value { get; set; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Add(int amount) => Value + amount;

    /// <summary>A method with a little work in it (a 16-step dependent hash, some 20 ns).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Checksum(int seed)
    {
        int hash = seed;
        foreach (int value in Data)
        {
            hash = (hash * 31) + value;
        }

        return hash;
    }
}

/// <summary>
/// A call through a direct interface reference, a resolved generated proxy, a resolved Castle
/// proxy and a <see cref="Lazy{T}"/>; and the first use of each proxy kind (make the proxy
/// from a key, resolve it from the store's cache, call it).
/// </summary>
[MemoryDiagnoser]
public class ProxyCallBenchmarks
{
    private Store _store = null!;
    private ICounter _direct = null!;
    private ICounter _generated = null!;
    private ICastleCounter _castle = null!;
    private Lazy<ICounter> _lazy = null!;
    private StoreKey _key = null!;

    [GlobalSetup]
    public void Setup()
    {
        _store = new Store("calls-" + Guid.NewGuid().ToString("N"), new LocalConnector(), metrics: true, register: true);
        var counter = new Counter { Value = 1 };
        _direct = counter;
        _key = _store.Put(counter);

        _generated = _store.ProxyFromKey<ICounter>(_key);
        _castle = _store.ProxyFromKey<ICastleCounter>(_key);

        // Measure the proxy kinds the names promise, never a fallback by accident.
        Require(_generated.GetType().Name == "CounterProxy", $"ICounter got a {_generated.GetType()}, not the generated CounterProxy: is the generator referenced as an analyzer?");
        Require(!GeneratedProxies.IsRegistered(typeof(ICastleCounter)) && _castle.GetType().Assembly.IsDynamic, $"ICastleCounter got a {_castle.GetType()}, not a Castle proxy.");
        Require(_generated.Add(1) == 2 && _castle.Add(1) == 2, "A proxy forwarded to the wrong target.");
        Require(Proxies.IsResolved(_generated) && Proxies.IsResolved(_castle), "A proxy did not resolve.");

        _lazy = new Lazy<ICounter>(() => new Counter { Value = 1 });
        _ = _lazy.Value;
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    // Each resolved call is measured in a loop of Calls calls, so that a call of about a
    // nanosecond is not lost in the harness's own overhead and noise. The loops are written
    // out in each benchmark on purpose: one shared helper would be one call site for every
    // kind of target, and dynamic PGO would then profile (and devirtualize) the mix, not the
    // kind being measured.
    private const int Calls = 1000;

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public int Direct()
    {
        ICounter target = _direct;
        int sum = 0;
        for (int i = 0; i < Calls; i++)
        {
            sum += target.Add(i);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public int GeneratedResolved()
    {
        ICounter target = _generated;
        int sum = 0;
        for (int i = 0; i < Calls; i++)
        {
            sum += target.Add(i);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public int CastleResolved()
    {
        ICastleCounter target = _castle;
        int sum = 0;
        for (int i = 0; i < Calls; i++)
        {
            sum += target.Add(i);
        }

        return sum;
    }

    /// <summary>A call to a method with some work in it: what the fixed cost of the proxy adds to a real call.</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public int DirectWork()
    {
        ICounter target = _direct;
        int sum = 0;
        for (int i = 0; i < Calls; i++)
        {
            sum += target.Checksum(i);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public int GeneratedResolvedWork()
    {
        ICounter target = _generated;
        int sum = 0;
        for (int i = 0; i < Calls; i++)
        {
            sum += target.Checksum(i);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public int LazyValue()
    {
        Lazy<ICounter> lazy = _lazy;
        int sum = 0;
        for (int i = 0; i < Calls; i++)
        {
            sum += lazy.Value.Add(i);
        }

        return sum;
    }

    [Benchmark]
    public int GeneratedFirstUse() => _store.ProxyFromKey<ICounter>(_key).Add(1);

    [Benchmark]
    public int CastleFirstUse() => _store.ProxyFromKey<ICastleCounter>(_key).Add(1);

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}

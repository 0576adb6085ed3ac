using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using ProxyStore;
using ProxyStore.Connectors;

/// <summary>
/// What the ProxyStore meter and activity source cost when nobody listens: a cache hit in
/// the normal build against the same code built with telemetry compiled out
/// (-p:ProxyStoreTelemetry=false), and with the meter alone compiled out (-p:ProxyStoreMeter=false),
/// which is issue 9's comparison. The target is a difference within 5%.
/// </summary>
[Config(typeof(TelemetryBuilds))]
[MemoryDiagnoser]
public class TelemetryOverheadBenchmarks
{
    private Store _store = null!;
    private StoreKey _key = null!;

    [Params(false, true)]
    public bool Metrics { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _store = new Store("telemetry-" + Guid.NewGuid().ToString("N"), new LocalConnector(), metrics: Metrics);
        _key = _store.Put(new byte[1024]);
        _store.Get<byte[]>(_key);
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    /// <summary>A hit read as <see cref="ReadOnlyMemory{T}"/>, which shares the cached bytes, so the cache path is all that is timed.</summary>
    [Benchmark]
    public ReadOnlyMemory<byte> GetCacheHit() => _store.Get<ReadOnlyMemory<byte>>(_key);

    /// <summary>The normal build as the baseline, the build without telemetry, and the build without the meter.</summary>
    private sealed class TelemetryBuilds : ManualConfig
    {
        public TelemetryBuilds()
        {
            // The smoke run checks that the benchmark runs at all; it builds nothing twice.
            if (BenchmarkMode.Smoke)
            {
                return;
            }

            AddJob(Job.Default.WithId("WithTelemetry").AsBaseline());
            AddJob(Job.Default.WithId("TelemetryCompiledOut").WithArguments([new MsBuildArgument("/p:ProxyStoreTelemetry=false")]));
            AddJob(Job.Default.WithId("MeterCompiledOut").WithArguments([new MsBuildArgument("/p:ProxyStoreMeter=false")]));
        }
    }
}

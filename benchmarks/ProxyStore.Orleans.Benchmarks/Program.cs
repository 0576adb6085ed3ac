// Runs the Orleans benchmarks. Pass BenchmarkDotNet arguments (e.g. --job short), or --smoke to
// run each case once in this process on the smallest size, which checks that the suite builds
// and runs and measures nothing (scripts/bench-smoke.sh uses it). Exits 1 when a case fails.
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.NoEmit;
using Orleans.TestingHost;

// The Peer store's second silo runs this assembly as a process of its own (PeerSilos).
if (PeerSilos.IsSiloProcess(args))
{
    await StandaloneSiloHost.Main(args);
    return 0;
}

bool smoke = args.Contains("--smoke");
OrleansCallBenchmarks.Smoke = smoke;
string[] rest = [.. args.Where(a => a != "--smoke")];
IConfig config = smoke
    ? DefaultConfig.Instance.AddJob(Job.Dry.WithToolchain(InProcessNoEmitToolchain.Instance).WithIterationCount(1).WithWarmupCount(0))
        .WithOptions(ConfigOptions.DisableLogFile)
    : DefaultConfig.Instance;
Summary summary = BenchmarkRunner.Run<OrleansCallBenchmarks>(config, rest);
bool failed = summary.HasCriticalValidationErrors || summary.Reports.Length == 0 || summary.Reports.Any(r => !r.Success);
Console.WriteLine($"orleans benchmarks{(smoke ? " smoke" : string.Empty)}: {(failed ? "FAILED" : $"all {summary.Reports.Length} cases ran")}");
return failed ? 1 : 0;

// Runs the ProxyStore benchmarks. Pass BenchmarkDotNet arguments (e.g. --filter '*Store*'),
// or --smoke to run every benchmark once in-process on its smaller parameters, which checks
// that the suite still builds and runs and measures nothing (CI uses it). Exits 1 when a
// benchmark fails (or, with --smoke, when none ran). --retained runs RetainedKeysProbe instead, --large LargeValueProbe,
// --transport TransportProbe.
using System.Diagnostics;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.NoEmit;

if (args.Contains("--retained"))
{
    return RetainedKeysProbe.Run(args);
}

if (args.Contains("--large"))
{
    return LargeValueProbe.Run(args);
}

if (args.Contains("--transport"))
{
    return TransportProbe.Run(args);
}

bool smoke = args.Contains("--smoke");
BenchmarkMode.Smoke = smoke;
string[] rest = args.Where(a => a != "--smoke").ToArray();
if (smoke && !rest.Contains("--filter"))
{
    rest = [.. rest, "--filter", "*"];
}

Type[] types = typeof(Program).Assembly.GetExportedTypes()
    .Where(t => t.IsClass && !t.IsAbstract && t.GetMethods().Any(m => m.IsDefined(typeof(BenchmarkDotNet.Attributes.BenchmarkAttribute), false)))
    .ToArray();
if (RedisBenchmarks.Server() is null)
{
    types = types.Where(t => t != typeof(RedisBenchmarks) && t != typeof(RedisFutureLatencyBenchmarks) && t != typeof(StreamThroughputBenchmarks)).ToArray();
    Console.WriteLine($"RedisBenchmarks: skipped, {RedisBenchmarks.Variable} is not set (set it to host:port of a Redis server to compare Store.Get with a raw StringGet).");
}

if (!smoke)
{
    IEnumerable<Summary> all = BenchmarkSwitcher.FromTypes(types).Run(rest, DefaultConfig.Instance);
    return all.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
}

// Smoke: one in-process dry run of each case; BenchmarkDotNet's own output goes to a log file,
// which is printed when something fails. The console gets one line per case.
string log = Path.Combine(Path.GetTempPath(), $"proxystore-bench-smoke-{Environment.ProcessId}.log");
var started = Stopwatch.StartNew();
Summary[] summaries;
try
{
    using var logger = new StreamLogger(log);
    IConfig config = ManualConfig.CreateEmpty()
        .AddColumnProvider(DefaultColumnProviders.Instance)
        .AddLogger(logger)
        .AddJob(Job.Dry.WithToolchain(InProcessNoEmitToolchain.Instance).WithIterationCount(1).WithWarmupCount(0))
        .WithOptions(ConfigOptions.DisableLogFile);
    summaries = BenchmarkSwitcher.FromTypes(types).Run(rest, config).ToArray();
}
catch (Exception e)
{
    // BenchmarkDotNet 0.15.8 itself throws (NullReferenceException in ExecuteResult.LogIssues)
    // when an in-process benchmark fails; the log says which one and why.
    Console.WriteLine($"---- BenchmarkDotNet log ({log}) ----");
    Console.WriteLine(File.Exists(log) ? File.ReadAllText(log) : "(no log)");
    Console.WriteLine($"benchmark smoke: FAILED after {started.Elapsed.TotalSeconds:F0} s: BenchmarkDotNet stopped with {e.GetType().Name}: {e.Message}");
    return 1;
}

int ran = 0, failed = 0;
foreach (Summary summary in summaries)
{
    foreach (BenchmarkCase benchmark in summary.BenchmarksCases)
    {
        BenchmarkReport? report = summary.Reports.FirstOrDefault(r => r.BenchmarkCase == benchmark);
        bool ok = report is { Success: true } && !summary.HasCriticalValidationErrors;
        ran++;
        failed += ok ? 0 : 1;
        Console.WriteLine($"smoke {(ok ? "ok    " : "FAILED")} {benchmark.Descriptor.DisplayInfo}{(benchmark.HasParameters ? " " + benchmark.Parameters.DisplayInfo : "")}");
    }

    if (summary.HasCriticalValidationErrors)
    {
        failed++;
        foreach (var error in summary.ValidationErrors)
        {
            Console.WriteLine($"smoke FAILED validation: {error.Message}");
        }
    }
}

if (failed > 0 || ran == 0)
{
    Console.WriteLine($"---- BenchmarkDotNet log ({log}) ----");
    Console.WriteLine(File.ReadAllText(log));
}

Console.WriteLine(failed > 0 || ran == 0
    ? $"benchmark smoke: FAILED, {failed} of {ran} cases did not run through ({started.Elapsed.TotalSeconds:F0} s)"
    : $"benchmark smoke: all {ran} cases ran once ({started.Elapsed.TotalSeconds:F0} s)");
return failed > 0 || ran == 0 ? 1 : 0;

// Runs the ProxyStore benchmarks. Pass BenchmarkDotNet arguments (e.g. --filter '*Store*'),
// or --smoke to run every benchmark once in-process, which checks that the suite still
// builds and runs and measures nothing (CI uses it).
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.NoEmit;

bool smoke = args.Contains("--smoke");
IConfig config = smoke
    ? ManualConfig.CreateMinimumViable()
        .AddJob(Job.Dry.WithToolchain(InProcessNoEmitToolchain.Instance).WithIterationCount(1).WithWarmupCount(0))
        .WithOptions(ConfigOptions.DisableLogFile)
        .WithUnionRule(ConfigUnionRule.AlwaysUseGlobal) // the smoke job replaces the classes' own jobs
    : DefaultConfig.Instance;
string[] rest = args.Where(a => a != "--smoke").ToArray();
if (smoke && !rest.Contains("--filter"))
{
    rest = [.. rest, "--filter", "*"];
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest, config);
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;

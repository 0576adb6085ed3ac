// A three-stage pipeline, run twice over the same store: once stage after stage, once with
// futures. Each stage has a start-up cost (loading a model, say) and then works on the
// previous stage's output. Without futures a stage starts only when its input exists; with
// futures every stage starts at once, holding a proxy of its input that is made before the
// input exists, does its start-up, and its first use of the input waits for the value. The
// program prints both makespans (Python ProxyStore's "ProxyFutures" shape).
//
//   dotnet run --project samples/Pipeline -- [startup-ms] [work-ms]
using System.Diagnostics;
using System.Globalization;
using Pipeline;
using ProxyStore;
using ProxyStore.Connectors;

int startupMs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
int workMs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
const int Stages = 3;

using var store = new Store("pipeline", new LocalConnector(), register: true);

// A LocalConnector wakes the waiters of its process when a value is set; checking every 2 ms
// only bounds how late a waiter that missed the wake-up notices.
var polling = new PollingOptions { Interval = TimeSpan.FromMilliseconds(2), Timeout = TimeSpan.FromMinutes(1) };
IBatch source = new Batch(0, [.. Enumerable.Range(1, 1000).Select(i => (double)i)]);

// One quiet pass of each first, so neither timing pays for the JIT.
await Sequential(0, 0);
await Pipelined(0, 0);
(TimeSpan sequential, double sequentialSum) = await Sequential(startupMs, workMs);
(TimeSpan pipelined, double pipelinedSum) = await Pipelined(startupMs, workMs);

bool verified = sequentialSum == pipelinedSum && sequentialSum == Expected(source.Values, Stages);
Console.WriteLine($"{Stages} stages, {startupMs} ms start-up and {workMs} ms of work each");
Console.WriteLine($"stage after stage: {sequential.TotalMilliseconds,7:F0} ms");
Console.WriteLine($"with futures:      {pipelined.TotalMilliseconds,7:F0} ms");
Console.WriteLine($"results {(verified ? "verified" : "DIFFER")}: sum {pipelinedSum.ToString("F1", CultureInfo.InvariantCulture)}");
return verified ? 0 : 1;

async Task<(TimeSpan, double)> Sequential(int startup, int work)
{
    var clock = Stopwatch.StartNew();
    IBatch input = source;
    for (int stage = 1; stage <= Stages; stage++)
    {
        // Stage after stage: the next one starts when this one's output exists.
        StoreFuture<IBatch> output = store.Future<IBatch>(polling, evict: true);
        await RunStage(stage, input, output, startup, work);
        input = output.Proxy();
    }

    await Proxies.ResolveAsync(input);
    return (clock.Elapsed, input.Values.Sum());
}

async Task<(TimeSpan, double)> Pipelined(int startup, int work)
{
    var clock = Stopwatch.StartNew();
    var stages = new List<Task>();
    IBatch input = source;
    for (int stage = 1; stage <= Stages; stage++)
    {
        // With futures: every stage starts now, with a proxy of an input that does not exist yet.
        StoreFuture<IBatch> output = store.Future<IBatch>(polling, evict: true);
        stages.Add(RunStage(stage, input, output, startup, work));
        input = output.Proxy();
    }

    await Proxies.ResolveAsync(input);
    await Task.WhenAll(stages);
    return (clock.Elapsed, input.Values.Sum());
}

async Task RunStage(int stage, IBatch input, StoreFuture<IBatch> output, int startup, int work)
{
    await Task.Delay(startup); // start-up: does not need the input

    // The first use of the input waits for it, without holding a thread while it waits
    // (the first stage's input is the source itself, not a proxy).
    if (Proxies.IsProxy(input))
    {
        await Proxies.ResolveAsync(input);
    }
    double[] values = Transform(input.Values);
    await Task.Delay(work); // the rest of the stage's work
    await output.SetResultAsync(new Batch(stage, values));
}

static double[] Transform(double[] values) => [.. values.Select(v => (v * 2) + 1)];

static double Expected(double[] values, int stages)
{
    for (int i = 0; i < stages; i++)
    {
        values = Transform(values);
    }

    return values.Sum();
}

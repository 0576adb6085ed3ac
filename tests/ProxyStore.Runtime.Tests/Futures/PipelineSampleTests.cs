using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Futures;

/// <summary>samples/Pipeline as a real process: both ways of running the stages give the same, right result.</summary>
public sealed class PipelineSampleTests
{
    [Fact]
    public void The_pipeline_sample_runs_both_ways_and_verifies_its_result()
    {
        (int exitCode, string output, string error) = ChildProcess.RunDll("Pipeline.dll", "20", "5");

        Assert.True(exitCode == 0, $"the sample exited with {exitCode}:\n{output}\n{error}");
        Assert.Contains("stage after stage:", output);
        Assert.Contains("with futures:", output);
        Assert.Contains("results verified: sum 4011000.0", output);
    }
}

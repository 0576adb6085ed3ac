using System.Diagnostics;
using System.Reflection;
using ProxyStore;

namespace OrleansPipeline;

/// <summary>The parent's handle on the second silo's process.</summary>
internal sealed class ChildSilo : IDisposable
{
    private readonly Process _process;

    private ChildSilo(Process process) => _process = process;

    /// <summary>Starts this program again as the second silo.</summary>
    public static ChildSilo Start(int primaryPort, int siloPort, int gatewayPort, string storeDirectory)
    {
        // Run through the apphost when there is one, else through dotnet and the assembly.
        string self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (string argument in new[] { "--second-silo", $"{primaryPort}", $"{siloPort}", $"{gatewayPort}", storeDirectory })
        {
            start.ArgumentList.Add(argument);
        }

        return new ChildSilo(Process.Start(start) ?? throw new InvalidOperationException("Could not start the second silo."));
    }

    /// <summary>Waits until the second silo has joined the cluster.</summary>
    public async Task ReadyAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line == SecondSilo.Ready)
            {
                return;
            }
        }

        throw new InvalidOperationException($"The second silo exited ({_process.ExitCode}) before it was ready.");
    }

    /// <summary>Stops the second silo and returns its metrics and the Orleans message bytes it sent.</summary>
    public async Task<(MetricsReport Metrics, long SentBytes)> StopAsync()
    {
        _process.StandardInput.Close();
        MetricsReport? metrics = null;
        long sent = 0;
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(SecondSilo.MetricsPrefix, StringComparison.Ordinal))
            {
                metrics = MetricsReport.FromJson(line[SecondSilo.MetricsPrefix.Length..]);
            }
            else if (line.StartsWith(SecondSilo.BytesPrefix, StringComparison.Ordinal))
            {
                sent = long.Parse(line[SecondSilo.BytesPrefix.Length..]);
            }
        }

        await _process.WaitForExitAsync();
        return (metrics ?? throw new InvalidOperationException("The second silo exited without its metrics."), sent);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}

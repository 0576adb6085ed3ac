using System.Diagnostics;

namespace ProxyStore.Tests.Support;

/// <summary>Runs a program built beside the tests as a real second process.</summary>
internal static class ChildProcess
{
    public static (int ExitCode, string Output, string Error) RunDll(string dllName, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dllName));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dllName}.");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{dllName} did not finish within two minutes.");
        }

        return (process.ExitCode, output.Result, error.Result);
    }
}

using System.Diagnostics;

namespace ProxyStore.Tests.Support;

/// <summary>Runs a program built beside the tests as a real second process.</summary>
internal static class ChildProcess
{
    public static (int ExitCode, string Output, string Error) RunDll(string dllName, params string[] arguments) =>
        RunDllWith(new Dictionary<string, string?>(), dllName, arguments);

    /// <summary><see cref="RunDll"/> with <paramref name="environment"/> set (a null value unsets the variable).</summary>
    public static (int ExitCode, string Output, string Error) RunDllWith(IReadOnlyDictionary<string, string?> environment, string dllName, params string[] arguments)
    {
        using Process process = StartDll(dllName, arguments, environment);
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{dllName} did not finish within two minutes.");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>
    /// Starts <paramref name="dllName"/> with its output and error redirected and returns the
    /// running process; the caller reads them, and kills or waits for it. <c>dotnet app.dll</c>
    /// runs the app in the <c>dotnet</c> process itself, so killing it kills the app.
    /// </summary>
    public static Process StartDll(string dllName, params string[] arguments) => StartDll(dllName, arguments, new Dictionary<string, string?>());

    /// <summary><see cref="StartDll(string, string[])"/> with <paramref name="environment"/> set (a null value unsets the variable).</summary>
    public static Process StartDllWith(IReadOnlyDictionary<string, string?> environment, string dllName, params string[] arguments) =>
        StartDll(dllName, arguments, environment);

    private static Process StartDll(string dllName, string[] arguments, IReadOnlyDictionary<string, string?> environment)
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

        foreach ((string name, string? value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dllName}.");
    }
}

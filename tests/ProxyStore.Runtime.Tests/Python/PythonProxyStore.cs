using System.Diagnostics;
using System.Text.Json;

namespace ProxyStore.Tests.Python;

/// <summary>
/// Runs the real Python ProxyStore: <c>python-proxystore</c>, a launcher outside the repository
/// that puts Python ProxyStore's sources (<c>third_party/proxystore-python</c>) on the path and
/// installs Debian's numpy and redis-py when missing. Both live in the shared folder named by
/// <c>PROXYSTORE_SHARED</c>, <c>../shared</c> beside the repository by default; this
/// repository's <c>python/</c> module is put on the path too.
/// </summary>
internal static class PythonProxyStore
{
    /// <summary>The variable that names the shared folder holding <c>tools/python-proxystore</c> and <c>third_party/proxystore-python</c>.</summary>
    public const string SharedVariable = "PROXYSTORE_SHARED";

    /// <summary>Why the interop tests are skipped, or <see langword="null"/> when python3 and the real Python ProxyStore are there.</summary>
    public static readonly string? SkipReason = FindOnPath("python3") is null
        ? "python3 is not installed, so the tests against the real Python ProxyStore cannot run (install python3)."
        : !HasPythonProxyStore(Shared)
            ? $"The real Python ProxyStore is not at '{Path.GetFullPath(Shared)}' (it needs tools/python-proxystore and third_party/proxystore-python): " +
              $"set {SharedVariable} to the folder that holds them (.ci/run looks beside the repository and in /work/shared)."
            : null;

    /// <summary>The shared folder: <see cref="SharedVariable"/>, or <c>../shared</c> beside the repository.</summary>
    private static string Shared =>
        Environment.GetEnvironmentVariable(SharedVariable) is { Length: > 0 } set ? set : Path.Combine(RepositoryRoot, "..", "shared");

    private static bool HasPythonProxyStore(string shared) =>
        File.Exists(Path.Combine(shared, "tools", "python-proxystore")) && Directory.Exists(Path.Combine(shared, "third_party", "proxystore-python"));

    private static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ProxyStore.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException($"No ProxyStore.sln above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>Runs <c>tests/.../Python/interop.py</c> with <paramref name="arguments"/> and returns its output as JSON.</summary>
    public static JsonElement Run(params string[] arguments) => RunScript("interop.py", new Dictionary<string, string?>(), arguments);

    /// <summary>Runs <paramref name="script"/> (a file beside this one) with Python ProxyStore and <paramref name="environment"/>, and parses the JSON it prints.</summary>
    public static JsonElement RunScript(string script, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        string shared = Shared;
        string launcher = Path.GetFullPath(Path.Combine(shared, "tools", "python-proxystore"));
        if (!HasPythonProxyStore(shared))
        {
            throw new InvalidOperationException(
                $"The real Python ProxyStore is not at '{Path.GetFullPath(shared)}': it needs tools/python-proxystore and third_party/proxystore-python. " +
                $"Set {SharedVariable} to the folder that holds them.");
        }

        var start = new ProcessStartInfo(launcher)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Python", script));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PYTHONPATH"] = Path.Combine(RepositoryRoot, "python");
        foreach ((string name, string? value) in environment)
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} {string.Join(' ', arguments)} did not finish within five minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} {arguments[0]} failed (exit {process.ExitCode}): {error.Result}");
        }

        string text = output.Result.Trim();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}

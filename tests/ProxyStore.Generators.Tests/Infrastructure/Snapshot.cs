using System.Runtime.CompilerServices;

namespace ProxyStore.Generators.Tests.Infrastructure;

/// <summary>
/// Compares generated sources with the expected files in <c>Snapshots/&lt;case&gt;/</c>, exactly.
/// Set <c>UPDATE_SNAPSHOTS=1</c> to rewrite the files from the current output instead; then
/// review the diff.
/// </summary>
internal static class Snapshot
{
    public static bool Updating => Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1";

    public static void Verify(string caseName, IReadOnlyDictionary<string, string> sources, [CallerFilePath] string callerPath = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(callerPath)!, "Snapshots", caseName);
        if (Updating)
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            Directory.CreateDirectory(directory);
            foreach ((string hint, string text) in sources)
            {
                File.WriteAllText(Path.Combine(directory, hint + ".txt"), text);
            }

            return;
        }

        Assert.True(Directory.Exists(directory), $"No snapshot at {directory}; run the tests with UPDATE_SNAPSHOTS=1 to create it.");
        string[] expectedFiles = Directory.GetFiles(directory, "*.txt").Select(f => Path.GetFileName(f)[..^".txt".Length]).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expectedFiles, sources.Keys.Order(StringComparer.Ordinal).ToArray());
        foreach ((string hint, string text) in sources)
        {
            string expected = File.ReadAllText(Path.Combine(directory, hint + ".txt"));
            Assert.Equal(expected, text);
        }
    }
}

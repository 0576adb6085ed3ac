namespace ProxyStore.Analyzers.Tests;

/// <summary>The checkout the tests run from: the nearest folder above the test binaries that holds ProxyStore.sln.</summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    private static string Find()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "ProxyStore.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ProxyStore.sln in {AppContext.BaseDirectory} or any folder above it.");
    }
}

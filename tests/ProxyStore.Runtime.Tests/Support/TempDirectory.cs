namespace ProxyStore.Tests.Support;

/// <summary>
/// A fresh directory of its own under the system temp directory, deleted on
/// <see cref="Dispose"/>. Every test that touches files makes one, so tests never share
/// files and can run in parallel.
/// </summary>
public sealed class TempDirectory : IDisposable
{
    private static readonly string Root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "proxystore-dotnet-tests");

    public TempDirectory()
    {
        Path = System.IO.Path.Combine(Root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>The directory's absolute path.</summary>
    public string Path { get; }

    /// <summary>A path inside this directory (not created), e.g. for a FileConnector to own.</summary>
    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone: nothing to clean up.
        }
    }
}

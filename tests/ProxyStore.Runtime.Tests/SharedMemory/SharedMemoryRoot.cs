using ProxyStore.Connectors;

namespace ProxyStore.Tests.SharedMemory;

/// <summary>A root of its own for a test's shared-memory names, in the same memory file system as the default root; deleted on dispose.</summary>
public sealed class SharedMemoryRoot : IDisposable
{
    public SharedMemoryRoot()
    {
        Path = System.IO.Path.Join(System.IO.Path.GetDirectoryName(SharedMemoryConnector.DefaultRoot)!, "proxystore-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>The root's absolute path.</summary>
    public string Path { get; }

    /// <summary>The files in the directory of <paramref name="name"/>, by file name.</summary>
    public string[] FilesOf(string name) =>
        Directory.Exists(System.IO.Path.Join(Path, name))
            ? [.. Directory.GetFiles(System.IO.Path.Join(Path, name)).Select(f => System.IO.Path.GetFileName(f)!).Order()]
            : [];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
